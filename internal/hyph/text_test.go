package hyph

// benchText is a few hundred words of ordinary English prose, with the
// punctuation, possessives, hyphens and acronyms a manuscript contains.
const benchText = `Galley turns a manuscript written in Markdown into an electronic book
and a printed one. Typesetting a paragraph well means choosing where its lines
end, and a line that may end inside a word gives the paragraph far more
freedom: the spaces between words stay even, rivers of white disappear, and
the right margin stays straight without stretching anything. The price is a
hyphen now and then, which readers hardly notice when it falls in the right
place and stumble over when it does not. Nobody wants "the-rapist" where
"ther-apist" was meant, nor a lonely pair of letters carried over to the next
line. That is why the program refuses to leave fewer than two letters before a
break or fewer than three after it, why it leaves numbers such as 1983, codes
such as P5, acronyms such as UNSC or NATO, and addresses such as
https://example.org or someone@example.org alone, and why it respects the
hyphens an author typed in compounds like non-proliferation, self-determination,
peace-keeping or well-being. Consider a report on international diplomacy:
representatives of the Republic of Kazakhstan, the Russian Federation and the
United Kingdom met in Geneva to discuss the implementation of the treaty on the
non-proliferation of nuclear weapons. The negotiations were long, occasionally
acrimonious, and eventually productive; the delegations agreed on verification
procedures, on the responsibilities of the secretariat, and on a timetable for
further consultations. Kazakhstan’s representative emphasised the country's
decision, taken soon after independence, to renounce the arsenal it had
inherited, and described the closure of the Semipalatinsk test site as an
example of what determined governments can accomplish. Commentators noted the
unusually constructive atmosphere, the professionalism of the interpreters, and
the extraordinary patience of the chairperson, who summarised every
intervention accurately and impartially. Afterwards, journalists asked whether
the agreement would survive parliamentary scrutiny; the answer, predictably, was
that nobody could guarantee it, but that the alternative — uncontrolled
proliferation, mistrust and instability — was unacceptable to everyone
concerned. Hyphenation, justification, kerning and pagination are the quiet
crafts that make such a report readable, and the typographer's responsibility
is to practise them so carefully that the reader never thinks about them at all.`
