// Package locale holds the words Galley prints itself, per language: the
// labels of the EPUB's navigation and generated pages, the PDF's apparatus,
// and the quotation marks the reader sets. Both renderers and the reader
// take them from here, so a book in Russian is in Russian throughout.
//
// Adding a language means adding one entry to the table. It imports
// nothing of Galley's.
package locale

import "strings"

// Words are the words Galley prints, in one language.
type Words struct {
	// By goes before the authors' names in a byline ("By Jane Doe"); empty
	// in languages that write the names alone.
	By string
	// AboutAuthor and AboutAuthors head the bios at an article's end.
	AboutAuthor, AboutAuthors string
	Notes                     string // the heading of the notes
	BackToText                string // a note's link back to its reference
	Credit                    string // the label of an image credit
	Cover                     string // the cover page
	// TitlePage, Contents, Contributors and ImageCredits name a book's
	// generated pages, in both files.
	TitlePage, Contents, Contributors, ImageCredits string
	Edition                                         string // "This edition", before the date
	Identifier                                      string // before the book's identifier
	Page                                            string // a page, in a reference to one
	// Landmarks, PageList and StartOfContent label the EPUB's navigation.
	Landmarks, PageList, StartOfContent string
	// FrontMatter and BackMatter name a book's matter in its landmarks.
	FrontMatter, BackMatter string
	// Listing goes before a code listing's number ("Listing 1-1").
	Listing string
	// Quotes are the typographic quotation marks: open and close double,
	// open and close single.
	Quotes [4]string
}

var table = map[string]*Words{
	"en": {
		By: "By", AboutAuthor: "About the author", AboutAuthors: "About the authors",
		Notes: "Notes", BackToText: "Back to text", Credit: "Credit", Cover: "Cover",
		TitlePage: "Title page", Contents: "Contents", Contributors: "Contributors", ImageCredits: "Image credits",
		Edition: "This edition", Identifier: "Identifier", Page: "Page",
		Landmarks: "Landmarks", PageList: "Page list", StartOfContent: "Start of content",
		FrontMatter: "Front matter", BackMatter: "Back matter", Listing: "Listing",
		Quotes: [4]string{"“", "”", "‘", "’"},
	},
	"ru": {
		By: "", AboutAuthor: "Об авторе", AboutAuthors: "Об авторах",
		Notes: "Примечания", BackToText: "Назад к тексту", Credit: "Фото", Cover: "Обложка",
		TitlePage: "Титульный лист", Contents: "Содержание", Contributors: "Авторы", ImageCredits: "Иллюстрации",
		Edition: "Издание", Identifier: "Идентификатор", Page: "Страница",
		Landmarks: "Ориентиры", PageList: "Список страниц", StartOfContent: "Начало текста",
		FrontMatter: "Вводная часть", BackMatter: "Заключительная часть", Listing: "Листинг",
		Quotes: [4]string{"«", "»", "„", "“"},
	},
	"kk": {
		By: "", AboutAuthor: "Автор туралы", AboutAuthors: "Авторлар туралы",
		Notes: "Ескертпелер", BackToText: "Мәтінге оралу", Credit: "Фото", Cover: "Мұқаба",
		TitlePage: "Титул беті", Contents: "Мазмұны", Contributors: "Авторлар", ImageCredits: "Суреттер",
		Edition: "Басылым", Identifier: "Идентификатор", Page: "Бет",
		Landmarks: "Бағдарлар", PageList: "Беттер тізімі", StartOfContent: "Мәтіннің басы",
		FrontMatter: "Кіріспе бөлім", BackMatter: "Қорытынды бөлім", Listing: "Листинг",
		Quotes: [4]string{"«", "»", "„", "“"},
	},
}

// Ukrainian and Belarusian: Galley knows their quotation marks (as in
// Russian) but not yet their words, which stay English.
func init() {
	for _, lang := range []string{"uk", "be"} {
		w := *table["en"]
		w.Quotes = table["ru"].Quotes
		table[lang] = &w
	}
}

// For returns the words for a BCP 47 language tag ("ru", "ru-RU"), by its
// primary language; English for a language not in the table. The result is
// shared: do not change it.
func For(lang string) *Words {
	base := Base(lang)
	if w, ok := table[base]; ok {
		return w
	}
	return table["en"]
}

// Base returns the primary language subtag of a BCP 47 tag, in lower case:
// "en" for "en-GB".
func Base(lang string) string {
	b, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	return b
}

// About returns the heading of the bios of n authors.
func (w *Words) About(n int) string {
	if n > 1 {
		return w.AboutAuthors
	}
	return w.AboutAuthor
}
