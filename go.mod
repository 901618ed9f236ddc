module stdkb

go 1.26.8

require (
	github.com/mattn/go-runewidth v0.0.31
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/yuin/goldmark v1.8.7
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/text v0.14.0
	golang.org/x/tools v0.52.0
)

require github.com/clipperhouse/uax29/v2 v2.2.0 // indirect
