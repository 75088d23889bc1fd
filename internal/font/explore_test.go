package font

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	gofont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
)

func TestExplore(t *testing.T) {
	for _, fn := range []string{"PTF55F", "PTS55F", "PTM55F"} {
		data, _ := os.ReadFile("../../fonts/" + fn + ".ttf")
		f, err := gofont.ParseTTF(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		ft := f.Font
		fmt.Println(fn, "upem", ft.Upem(), "kern subtables", len(ft.Kern), "gpos lookups", len(ft.GPOS.Lookups), "gsub lookups", len(ft.GSUB.Lookups))
		for _, s := range ft.GPOS.Scripts {
			fmt.Print(" script ", s.Tag, " def:")
			if s.DefaultLangSys != nil {
				for _, fi := range s.DefaultLangSys.FeatureIndices {
					fmt.Print(" ", ft.GPOS.Features[fi].Tag, ft.GPOS.Features[fi].LookupListIndices)
				}
			}
			fmt.Println(" langs", len(s.LangSys))
			for li, ls := range s.LangSys {
				fmt.Print("   lang", s.LangSysRecords[li].Tag, ":")
				for _, fi := range ls.FeatureIndices {
					fmt.Print(" ", ft.GPOS.Features[fi].Tag, ft.GPOS.Features[fi].LookupListIndices)
				}
				fmt.Println()
			}
		}
		for i, lk := range ft.GPOS.Lookups {
			fmt.Printf(" lookup %d flag %x:", i, lk.Flag)
			for _, st := range lk.Subtables {
				switch st := st.(type) {
				case tables.PairPos:
					switch d := st.Data.(type) {
					case tables.PairPosData1:
						fmt.Printf(" pp1(%v,%v n=%d)", d.ValueFormat1, d.ValueFormat2, len(d.PairSets))
					case tables.PairPosData2:
						fmt.Printf(" pp2(%v,%v c1=%d c2=%d)", d.ValueFormat1, d.ValueFormat2, d.ClassDef1.Extent(), d.ClassDef2.Extent())
					}
				default:
					fmt.Printf(" %T", st)
				}
			}
			fmt.Println()
		}
		for _, s := range ft.GSUB.Scripts {
			fmt.Print(" gsub script ", s.Tag, " def:")
			if s.DefaultLangSys != nil {
				for _, fi := range s.DefaultLangSys.FeatureIndices {
					fmt.Print(" ", ft.GSUB.Features[fi].Tag, ft.GSUB.Features[fi].LookupListIndices)
				}
			}
			fmt.Println()
		}
	}
}
