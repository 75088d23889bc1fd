// Package fonts embeds the typefaces Galley sets its PDFs in: PT Serif, PT
// Sans and PT Mono by ParaType, under the ParaType Free Font License (see
// LICENSE-paratype.txt beside this file). Embedding them keeps the galley
// binary self-contained: no font needs to be installed.
//
// Faces is the one table of the faces, and Load the one loader: the PDF
// layout and the cover both take their faces from here.
package fonts

import _ "embed" // the faces' files, below

// The TrueType files, named as in Debian's fonts-paratype package: PTF55F
// (PT Serif), PTF56F (italic), PTF75F (bold), PTF76F (bold italic); PTS55F,
// PTS56F, PTS75F, PTS76F (PT Sans, same order); PTM55F (PT Mono) and PTM75F
// (bold). PT Mono has no italic. Each is a variable of its own, so that
// Load hands out their bytes where the program image holds them.
var (
	//go:embed PTF55F.ttf
	ptf55f []byte
	//go:embed PTF56F.ttf
	ptf56f []byte
	//go:embed PTF75F.ttf
	ptf75f []byte
	//go:embed PTF76F.ttf
	ptf76f []byte
	//go:embed PTS55F.ttf
	pts55f []byte
	//go:embed PTS56F.ttf
	pts56f []byte
	//go:embed PTS75F.ttf
	pts75f []byte
	//go:embed PTS76F.ttf
	pts76f []byte
	//go:embed PTM55F.ttf
	ptm55f []byte
	//go:embed PTM75F.ttf
	ptm75f []byte
)
