package manuscript

import "strings"

// iso6391 lists the two-letter language codes of ISO 639-1, including the
// deprecated ones that the IANA language subtag registry still holds.
var iso6391 = map[string]bool{}

func init() {
	const codes = "aa ab ae af ak am an ar as av ay az " +
		"ba be bg bh bi bm bn bo br bs " +
		"ca ce ch co cr cs cu cv cy " +
		"da de dv dz ee el en eo es et eu " +
		"fa ff fi fj fo fr fy ga gd gl gn gu gv " +
		"ha he hi ho hr ht hu hy hz ia id ie ig ii ik in io is it iu iw " +
		"ja ji jv jw ka kg ki kj kk kl km kn ko kr ks ku kv kw ky " +
		"la lb lg li ln lo lt lu lv mg mh mi mk ml mn mo mr ms mt my " +
		"na nb nd ne ng nl nn no nr nv ny oc oj om or os " +
		"pa pi pl ps pt qu rm rn ro ru rw " +
		"sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw " +
		"ta te tg th ti tk tl tn to tr ts tt tw ty " +
		"ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
	for _, c := range strings.Fields(codes) {
		iso6391[c] = true
	}
}

// unknownLanguage returns the primary language subtag of the well-formed tag
// if it is a two-letter code that ISO 639-1 does not have, else "". Three-
// letter codes (ISO 639-2 and 639-3, thousands of them) are not checked.
func unknownLanguage(tag string) string {
	primary, _, _ := strings.Cut(tag, "-")
	primary = strings.ToLower(primary)
	if len(primary) != 2 || iso6391[primary] {
		return ""
	}
	return primary
}
