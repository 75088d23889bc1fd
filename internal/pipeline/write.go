package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// A file is one output, named and made, not yet written.
type file struct {
	name string
	data []byte
}

// rename is os.Rename; tests replace it to make a rename fail.
var rename = os.Rename

// writePair writes files into dir as one change: each is first written in
// full under a temporary name, the files they replace are set aside, and
// only then are the new ones renamed into place. If any step fails, the new
// files are removed and the earlier ones put back, so dir never holds a new
// EPUB beside an old PDF or a half-written file.
func writePair(dir string, files []*file) ([]Output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	temps := make([]string, 0, len(files))
	olds := map[int]string{} // index of a file → where its predecessor was set aside
	placed := 0
	ok := false
	defer func() {
		if ok {
			return
		}
		for i := placed - 1; i >= 0; i-- {
			os.Remove(filepath.Join(dir, files[i].name))
		}
		for i, old := range olds {
			os.Rename(old, filepath.Join(dir, files[i].name))
		}
		for _, t := range temps {
			os.Remove(t)
		}
	}()
	for _, f := range files {
		tmp, err := writeTemp(dir, f)
		if tmp != "" {
			temps = append(temps, tmp)
		}
		if err != nil {
			return nil, err
		}
	}
	for i, f := range files {
		dst := filepath.Join(dir, f.name)
		if _, err := os.Lstat(dst); errors.Is(err, os.ErrNotExist) {
			continue
		}
		old := filepath.Join(dir, "."+f.name+".old")
		if err := rename(dst, old); err != nil {
			return nil, fmt.Errorf("pipeline: set %s aside: %w", f.name, err)
		}
		olds[i] = old
	}
	outs := make([]Output, 0, len(files))
	for i, f := range files {
		dst := filepath.Join(dir, f.name)
		if err := rename(temps[i], dst); err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
		}
		placed++
		outs = append(outs, Output{Path: dst, Size: len(f.data)})
	}
	ok = true
	for _, old := range olds {
		os.Remove(old)
	}
	return outs, nil
}

// writeTemp writes f to a new temporary file in dir and returns its name.
func writeTemp(dir string, f *file) (string, error) {
	t, err := os.CreateTemp(dir, "."+f.name+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("pipeline: %w", err)
	}
	_, err = t.Write(f.data)
	if err == nil {
		err = t.Chmod(0o644)
	}
	if cerr := t.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return t.Name(), fmt.Errorf("pipeline: write %s: %w", f.name, err)
	}
	return t.Name(), nil
}
