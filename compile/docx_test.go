package compile_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"stdkb"
	"stdkb/compile"
)

// wordBody is what a test reads back from word/document.xml.
type wordBody struct {
	styles     []string // paragraph styles in document order
	pageBreaks int
	tables     int
	cellText   string // the text of every table cell
	text       string // all text
	pgSz       map[string]string
	pgMar      map[string]string
	field      []string // fldChar types and field instructions, in document order
	result     string   // the text between a field's separate and end, a line per paragraph
}

func readWordBody(t *testing.T, pkg []byte) wordBody {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := fs.ReadFile(zr, "word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	var wb wordBody
	var text, cells, result strings.Builder
	inCell := 0
	inResult, inInstr := false, false
	dec := xml.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			attrs := map[string]string{}
			for _, a := range tok.Attr {
				attrs[a.Name.Local] = a.Value
			}
			switch tok.Name.Local {
			case "pStyle":
				wb.styles = append(wb.styles, attrs["val"])
			case "br":
				if attrs["type"] == "page" {
					wb.pageBreaks++
				}
			case "tbl":
				wb.tables++
			case "tc":
				inCell++
			case "pgSz":
				wb.pgSz = attrs
			case "pgMar":
				wb.pgMar = attrs
			case "fldChar":
				wb.field = append(wb.field, attrs["fldCharType"])
				inResult = attrs["fldCharType"] == "separate"
			case "instrText":
				inInstr = true
			case "p":
				if inResult {
					result.WriteString("\n")
				}
			}
		case xml.EndElement:
			if tok.Name.Local == "tc" {
				inCell--
				cells.WriteString("|")
			}
			inInstr = inInstr && tok.Name.Local != "instrText"
		case xml.CharData:
			switch {
			case inInstr:
				wb.field = append(wb.field, strings.TrimSpace(string(tok)))
			case inResult:
				result.Write(tok)
			}
			text.Write(tok)
			if inCell > 0 {
				cells.Write(tok)
			}
		}
	}
	wb.text, wb.cellText, wb.result = text.String(), cells.String(), strings.TrimSpace(result.String())
	return wb
}

func volumeDOCX(t *testing.T, kind stdkb.Kind, asOf string) (*compile.Volume, wordBody) {
	t.Helper()
	v := compile.Select(library(t), kind, nil, day(t, asOf), nil)
	var b bytes.Buffer
	if err := compile.DOCX(&b, v); err != nil {
		t.Fatal(err)
	}
	return v, readWordBody(t, b.Bytes())
}

func TestDOCXVolumeLayout(t *testing.T) {
	for _, kind := range []stdkb.Kind{stdkb.KindRegulation, stdkb.KindStandard} {
		t.Run(string(kind), func(t *testing.T) {
			v, wb := volumeDOCX(t, kind, "2023-06-01")
			if wb.pgSz["w"] != "11906" || wb.pgSz["h"] != "16838" || wb.pgSz["orient"] != "" {
				t.Errorf("page size %v, want portrait A4 (11906×16838 twips)", wb.pgSz)
			}
			for _, side := range []string{"top", "bottom", "left", "right"} {
				if n, _ := strconv.Atoi(wb.pgMar[side]); n < 567 {
					t.Errorf("margin %s = %q, want at least 1 cm", side, wb.pgMar[side])
				}
			}
			// 目录, every document and 文号索引 start a page.
			if want := len(v.Editions) + 2; wb.pageBreaks != want {
				t.Errorf("%d page breaks, want %d", wb.pageBreaks, want)
			}
			prev := 0
			for i, s := range wb.styles {
				n, ok := strings.CutPrefix(s, "Heading")
				if !ok {
					continue
				}
				level, _ := strconv.Atoi(n)
				if level < 1 || level > 3 || level > prev+1 {
					t.Fatalf("paragraph style %d is %s after heading level %d: levels must run 1–3 without a gap", i, s, prev)
				}
				prev = level
			}
			if prev == 0 {
				t.Error("no headings")
			}
		})
	}
}

func TestDOCXVolumeContent(t *testing.T) {
	_, regs := volumeDOCX(t, stdkb.KindRegulation, "2023-06-01")
	if regs.tables == 0 || !strings.Contains(regs.cellText, "定性指标|") {
		t.Errorf("the plan's indicator table is not a Word table: %d tables, cells %.200q", regs.tables, regs.cellText)
	}
	if !strings.Contains(regs.text, "施行") {
		t.Error("regulations take effect (施行): the word is missing")
	}
	if !strings.Contains(regs.text, "本件未收录全文") {
		t.Error("a document held only in part lacks the 本件未收录全文 note")
	}

	v, stds := volumeDOCX(t, stdkb.KindStandard, "2023-06-01")
	if strings.Contains(stds.text, "施行") || !strings.Contains(stds.text, "实施") {
		t.Error("standards are 实施, not 施行")
	}
	samples := 0
	for _, e := range v.Editions {
		if e.Sample {
			samples++
		}
	}
	if samples == 0 || strings.Count(stds.text, " 示例 ") != samples {
		t.Errorf("%d 示例 badges for %d sample standards", strings.Count(stds.text, " 示例 "), samples)
	}
}

func TestEmptyVolumeRefused(t *testing.T) {
	v := compile.Select(library(t), stdkb.KindStandard, nil, day(t, "1990-01-01"), nil)
	if len(v.Editions) != 0 {
		t.Fatalf("%d standards in force in 1990", len(v.Editions))
	}
	writers := map[string]func(io.Writer, *compile.Volume) error{"docx": compile.DOCX, "html": compile.HTML}
	for name, write := range writers {
		var b bytes.Buffer
		err := write(&b, v)
		if err == nil || stdkb.ErrorCode(err) != stdkb.ENOTFOUND || !strings.Contains(err.Error(), "没有现行有效的标准") {
			t.Errorf("%s: an empty volume gave %v, want a Chinese not-found message", name, err)
		}
		if b.Len() != 0 {
			t.Errorf("%s: %d bytes written for an empty volume", name, b.Len())
		}
	}
}

// TestDOCXContentsField: the contents are a Word table-of-contents field — begin, the TOC
// instruction, separate, the list of documents as the field's last result, end — in that order
// and all in the contents, and the package asks word processors to update fields on opening
// (word/settings.xml with w:updateFields, listed in [Content_Types].xml and related from
// document.xml). Before, the contents were plain paragraphs without page numbers.
func TestDOCXContentsField(t *testing.T) {
	v := compile.Select(library(t), stdkb.KindRegulation, nil, day(t, "2023-06-01"), nil)
	var b bytes.Buffer
	if err := compile.DOCX(&b, v); err != nil {
		t.Fatal(err)
	}
	wb := readWordBody(t, b.Bytes())
	if got, want := strings.Join(wb.field, " | "), `begin | TOC \o "1-3" \h \z \u | separate | end`; got != want {
		t.Errorf("field parts %q, want %q", got, want)
	}
	lines := strings.Split(wb.result, "\n")
	if len(lines) != len(v.Editions) {
		t.Fatalf("field result of %d lines, want one per document (%d): %q", len(lines), len(v.Editions), lines)
	}
	for i, e := range v.Editions {
		if !strings.Contains(lines[i], e.Title) {
			t.Errorf("contents line %d %q, want %s", i+1, lines[i], e.Title)
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	part := func(name string) []byte {
		raw, err := fs.ReadFile(zr, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return raw
	}
	if s := part("word/settings.xml"); !bytes.Contains(s, []byte(`<w:updateFields w:val="true"/>`)) {
		t.Errorf("settings.xml does not ask to update fields: %s", s)
	}
	if !bytes.Contains(part("[Content_Types].xml"), []byte(`PartName="/word/settings.xml"`)) {
		t.Error("[Content_Types].xml has no type for settings.xml")
	}
	if !bytes.Contains(part("word/_rels/document.xml.rels"), []byte(`relationships/settings" Target="settings.xml"`)) {
		t.Error("document.xml is not related to settings.xml")
	}
}
