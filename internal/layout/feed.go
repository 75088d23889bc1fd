package layout

import (
	"sync"

	"github.com/galley-press/galley/internal/doc"
)

// Chapters are set concurrently, and each hands its vertical list to the
// page builder as it goes, a few blocks at a time, so that pages are made
// (and written) while later text is still being set, and the lines of a
// long chapter need not all be kept at once.

// A chunk is part of a chapter's vertical list, with the notes its lines
// call and the faces used since the chunk before.
type chunk struct {
	elems []elem
	notes map[*doc.Note][]elem
	used  []string
}

// chunkSize is how many elems a chapter gathers before handing them on.
const chunkSize = 32

// stream makes t, a chapter's typesetter, hand its vertical list on
// through out as it is set. While setting, t holds mu, which it lets go
// only while handing a chunk on; setting one of its paragraphs again (a
// page builder's reset) takes mu too.
func (t *typesetter) stream(out chan<- chunk, open func(*elem)) {
	t.mu = &sync.Mutex{}
	t.out = out
	t.open = open
	t.sentUsed = map[string]bool{}
	t.sentNotes = map[*doc.Note]bool{}
}

// handOn sends the elems set since the last chunk, once there are enough
// of them or the chapter is done, with the notes their lines call (set
// now, so that the page builder finds them) and the faces newly used.
func (t *typesetter) handOn(done bool) {
	if t.out == nil || len(t.elems) < chunkSize && !done {
		return
	}
	es := t.elems
	for i := range es {
		es[i].chapter = t.chapter
	}
	if !t.opened && len(es) > 0 {
		t.opened = true
		if t.open != nil {
			t.open(&es[0])
		}
	}
	c := chunk{elems: es}
	for _, e := range es {
		for _, n := range e.notes {
			if !t.sentNotes[n] {
				t.sentNotes[n] = true
				if c.notes == nil {
					c.notes = map[*doc.Note][]elem{}
				}
				c.notes[n] = t.noteElems(n)
			}
		}
	}
	for f := range t.used {
		if !t.sentUsed[f] {
			t.sentUsed[f] = true
			c.used = append(c.used, f)
		}
	}
	if len(es) > 0 {
		t.prevKeep = es[len(es)-1].keep
	}
	t.elems = nil
	if len(c.elems) == 0 && len(c.notes) == 0 && len(c.used) == 0 {
		return
	}
	t.mu.Unlock()
	t.out <- c
	t.mu.Lock()
}

// A feed gives the page builder the vertical list: the elems set before
// pagination began (the book's front matter), then each chapter's chunks
// as they come, then what last sets (the back matter).
type feed struct {
	t     *typesetter // the page builder's, which takes the chunks' notes and faces
	ready []elem
	outs  []chan chunk
	k     int           // the chapter being taken
	start func(k int)   // called as chapter k begins to be taken
	last  func() []elem // sets what comes after the chapters
	ended bool
	// taken, if set, is told of every part of the list taken in, and
	// of the notes it calls.
	taken func(es []elem) error
	err   error // taken's first error
}

// more takes in the next chunk, waiting for it if need be; it reports
// false when the list is done.
func (f *feed) more() bool {
	for f.k < len(f.outs) {
		c, ok := <-f.outs[f.k]
		if !ok {
			f.k++
			if f.k < len(f.outs) && f.start != nil {
				f.start(f.k)
			}
			continue
		}
		for n, es := range c.notes {
			f.t.notes[n] = es
			f.tell(es)
		}
		f.tell(c.elems)
		for _, name := range c.used {
			f.t.used[name] = true
		}
		f.ready = append(f.ready, c.elems...)
		return true
	}
	if !f.ended {
		f.ended = true
		if f.last != nil {
			if es := f.last(); len(es) > 0 {
				f.tell(es)
				f.ready = append(f.ready, es...)
				return true
			}
		}
	}
	return false
}

// tell tells taken of es, keeping the first error.
func (f *feed) tell(es []elem) {
	if f.taken != nil && f.err == nil {
		f.err = f.taken(es)
	}
}

// pending reports whether any of the list is still to come.
func (f *feed) pending() bool { return len(f.ready) > 0 || f.more() }
