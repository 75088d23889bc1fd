package pdf

import (
	"strings"
	"time"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/xmltext"
)

// xmp returns the document's XMP metadata packet (ISO 16684-1): the title,
// authors, description and language in Dublin Core, the producer and
// dates, and the PDF/UA-1 identification a tagged file claims.
func xmp(info page.Info, date time.Time) []byte {
	esc := func(s string) string {
		e, _ := xmltext.Escape(strings.ToValidUTF8(s, "\uFFFD"), xmltext.Quoted)
		return e
	}
	lang := info.Lang
	if lang == "" {
		lang = "x-default"
	}
	stamp := date.UTC().Format("2006-01-02T15:04:05Z")
	var b strings.Builder
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
`)
	b.WriteString(`<dc:format>application/pdf</dc:format>` + "\n")
	if info.Title != "" {
		b.WriteString(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(info.Title) + "</rdf:li></rdf:Alt></dc:title>\n")
	}
	if info.Author != "" {
		b.WriteString("<dc:creator><rdf:Seq>")
		for _, a := range strings.Split(info.Author, ", ") {
			b.WriteString("<rdf:li>" + esc(a) + "</rdf:li>")
		}
		b.WriteString("</rdf:Seq></dc:creator>\n")
	}
	if info.Subject != "" {
		b.WriteString(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(info.Subject) + "</rdf:li></rdf:Alt></dc:description>\n")
	}
	if info.Lang != "" {
		b.WriteString("<dc:language><rdf:Bag><rdf:li>" + esc(lang) + "</rdf:li></rdf:Bag></dc:language>\n")
	}
	if info.Keywords != "" {
		b.WriteString("<pdf:Keywords>" + esc(info.Keywords) + "</pdf:Keywords>\n")
	}
	if info.Producer != "" {
		b.WriteString("<pdf:Producer>" + esc(info.Producer) + "</pdf:Producer>\n")
	}
	if info.Creator != "" {
		b.WriteString("<xmp:CreatorTool>" + esc(info.Creator) + "</xmp:CreatorTool>\n")
	}
	b.WriteString("<xmp:CreateDate>" + stamp + "</xmp:CreateDate>\n<xmp:ModifyDate>" + stamp + "</xmp:ModifyDate>\n")
	b.WriteString("<pdfuaid:part>1</pdfuaid:part>\n")
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return []byte(b.String())
}
