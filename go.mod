module github.com/galley-press/galley

go 1.26.8

require (
	codeberg.org/go-pdf/fpdf v0.12.0
	github.com/alecthomas/chroma/v2 v2.27.0
	github.com/go-text/typesetting v0.3.5
	github.com/yuin/goldmark v1.8.7
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/image v0.48.0
	golang.org/x/tools v0.52.0
)

require github.com/dlclark/regexp2/v2 v2.2.1 // indirect
