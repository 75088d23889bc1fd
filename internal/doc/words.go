package doc

// IsWordSpace reports whether r separates words: the ASCII space, tab and
// line ends, where a line may break. Other spaces (no-break, thin, figure)
// join the words beside them. The PDF layout, the EPUB's page markers and
// Words all count words by this rule, so that they agree where a page
// begins.
func IsWordSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// Words counts the words of running text in blocks, by the rule the page
// list depends on: words are split by IsWordSpace in the values of Text
// and Code inlines, taken in document order and joined across inline
// markup ("un*believ*able" is one word); a soft or hard line break ends a
// word, as does the end of a block; note references and images neither
// count nor split words.
func Words(blocks []Block) int {
	n := 0
	inWord := false
	count := func(s string) {
		for _, r := range s {
			space := IsWordSpace(r)
			if !space && !inWord {
				n++
			}
			inWord = !space
		}
	}
	Inspect(blocks, func(node Node) bool {
		switch node := node.(type) {
		case Block:
			inWord = false
		case *Text:
			count(node.Value)
		case *Code:
			count(node.Value)
		case *SoftBreak, *LineBreak:
			inWord = false
		}
		return true
	})
	return n
}
