// Command galley turns a Markdown manuscript into an EPUB 3 and a typeset
// PDF.
//
// Usage:
//
//	galley build [-o OUTDIR] [-f epub,pdf] [--page-size a4] [--strict] [--report] [--cover] [--no-microtype] [PATH]
//	galley dump [--pos] PATH
//
// Exit status: 0 on success, 1 when the manuscript has errors (each printed
// as file:line:col: message), 2 on a usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/galley-press/galley/fonts"
	"github.com/galley-press/galley/internal/cover"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/layout"
	"github.com/galley-press/galley/internal/manuscript"
	"github.com/galley-press/galley/internal/pipeline"
)

// version is set at link time by the Makefile; "dev" otherwise.
var version = "dev"

const usage = `galley turns a Markdown manuscript into an EPUB 3 and a typeset PDF.

Usage:
  galley build [flags] [PATH]   build PATH (default "manuscript") into OUTDIR
  galley dump [--pos] PATH      print the document tree of PATH
  galley version                print the version

PATH is a manuscript folder or one Markdown file.
Run "galley build --help" for the build flags.

Exit status: 0 success, 1 manuscript errors, 2 usage errors.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr)
	case "dump":
		return cmdDump(args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "galley", version)
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "galley: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "build", "output `folder`")
	formats := fs.String("f", "epub,pdf", "comma-separated `formats` to build: epub, pdf")
	pageSize := fs.String("page-size", "a4", "PDF page `size`: a4, letter, a5 or 6x9in")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	report := fs.Bool("report", false, "print the PDF typesetting quality report")
	coverPage := fs.Bool("cover", false, "open the PDF with the typographic cover (the EPUB always has a cover)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile, taken at the end of the build, to `file`")
	noMicrotype := fs.Bool("no-microtype", false, "set the PDF without margin kerning and font expansion (as front matter microtype: false)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: galley build [flags] [PATH]\n\nBuilds PATH (a manuscript folder or a Markdown file; default \"manuscript\")\ninto OUTDIR/<slug>.epub and OUTDIR/<slug>.pdf.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(stderr, "galley build: at most one PATH")
		return 2
	}
	opts := pipeline.Options{Input: "manuscript", OutDir: *out, Strict: *strict, Cover: *coverPage, NoMicrotype: *noMicrotype, Version: version, SourceDateEpoch: os.Getenv("SOURCE_DATE_EPOCH")}
	if fs.NArg() == 1 {
		opts.Input = fs.Arg(0)
	}
	for _, f := range strings.Split(*formats, ",") {
		switch strings.TrimSpace(strings.ToLower(f)) {
		case "epub":
			opts.EPUB = true
		case "pdf":
			opts.PDF = true
		default:
			fmt.Fprintf(stderr, "galley build: unknown format %q (want epub, pdf)\n", f)
			return 2
		}
	}
	ps, err := layout.LookupPageSize(*pageSize)
	if err != nil {
		fmt.Fprintf(stderr, "galley build: %v\n", err)
		return 2
	}
	opts.Page = ps
	if showProgress(stderr) {
		opts.Progress = func(stage string, done, total int) {
			switch stage {
			case "layout":
				fmt.Fprintf(stderr, "\r\033[Klayout: chapter %d of %d", done, total)
			case "pdf":
				fmt.Fprintf(stderr, "\r\033[Kwriting PDF and EPUB")
			case "done":
				fmt.Fprint(stderr, "\r\033[K")
			}
		}
	}
	stop, err := profile(*cpuProfile, *memProfile)
	if err != nil {
		fmt.Fprintf(stderr, "galley build: %v\n", err)
		return 2
	}
	start := time.Now()
	preloadFaces(opts)
	res, err := pipeline.Run(opts)
	if perr := stop(); perr != nil {
		fmt.Fprintf(stderr, "galley build: %v\n", perr)
	}
	if res != nil && res.Diags != nil {
		res.Diags.Fprint(stderr)
	}
	if err != nil {
		if errors.Is(err, pipeline.ErrManuscript) {
			fmt.Fprintln(stderr, "galley: build failed; nothing was written")
			return 1
		}
		fmt.Fprintf(stderr, "galley: %v\n", err)
		return 1
	}
	for _, o := range res.Outputs {
		fmt.Fprintf(stdout, "wrote %s (%s)\n", o.Path, size(o.Size))
	}
	if *report && res.Report != nil {
		res.Report.Fprint(stdout)
	}
	summary := fmt.Sprintf("%d words, %d images", res.Words, res.Images)
	if res.Pages > 0 {
		summary = fmt.Sprintf("%d pages, %s", res.Pages, summary)
	}
	fmt.Fprintf(stdout, "%s in %.2fs\n", summary, time.Since(start).Seconds())
	return 0
}

// showProgress reports whether w is a terminal and the build is not running
// in CI, where progress lines would only clutter the log.
func showProgress(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("CI") != "" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d B", n)
	}
}

func cmdDump(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dump", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pos := fs.Bool("pos", false, "show the line:col of every node")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: galley dump [--pos] PATH\n\nPrints the document tree of PATH as an S-expression.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	d, diags, err := manuscript.Load(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "galley: %v\n", err)
		return 1
	}
	diags.Fprint(stderr)
	if err := doc.Fprint(stdout, d, *pos); err != nil {
		fmt.Fprintf(stderr, "galley: %v\n", err)
		return 1
	}
	if diags.HasErrors() {
		return 1
	}
	return 0
}

// preloadFaces starts parsing, on other cores while the manuscript is
// read, the faces a build of opts will surely set: the typographic
// cover's, which every EPUB has, and the PDF's body face, PT Serif (the
// cover's regular serif). Each face is parsed once per process, by
// whichever goroutine comes first, so this only moves work earlier.
func preloadFaces(opts pipeline.Options) {
	var names []string
	switch {
	case opts.EPUB:
		for f := cover.SerifRegular; f <= cover.SansBold; f++ {
			names = append(names, f.Name())
		}
	case opts.PDF:
		names = append(names, cover.SerifRegular.Name())
	}
	fonts.Preload(names...)
}

// profile starts a CPU profile into cpu, if named, and returns a function
// that stops it and writes a heap profile into mem, if named.
func profile(cpu, mem string) (stop func() error, err error) {
	var cf *os.File
	if cpu != "" {
		if cf, err = os.Create(cpu); err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(cf); err != nil {
			cf.Close()
			return nil, err
		}
	}
	return func() error {
		if cf != nil {
			pprof.StopCPUProfile()
			if err := cf.Close(); err != nil {
				return err
			}
		}
		if mem == "" {
			return nil
		}
		f, err := os.Create(mem)
		if err != nil {
			return err
		}
		if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}, nil
}
