package wordimport_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/fumiama/go-docx"

	"stdkb"
	"stdkb/content"
	"stdkb/indexer"
	"stdkb/wordimport"
)

// standardDocx builds a .docx the way a local standard looks: a cover page, then chapters,
// numbered clauses, a list and a table.
func standardDocx(t *testing.T) []byte {
	t.Helper()
	d := docx.New().WithDefaultTheme()
	para := func(text string) *docx.Paragraph {
		p := d.AddParagraph()
		p.AddText(text)
		return p
	}
	for _, line := range []string{"ICS 03.080", "DB50", "重庆市地方标准", "DB50/T 9999—2023", "公物仓管理规范", "Specification for public property warehouse",
		"2023-05-10发布", "2023-08-01实施", "重庆市市场监督管理局 发布"} {
		para(line)
	}
	para("1 范围").Style("Heading1")
	para("本文件规定了公物仓的管理要求。")
	para("4 基本要求") // a heading by its shape, without a heading style
	para("4.1 公物仓应实行集中统一管理，对闲置资产统一调剂。")
	para("4.2 资产入仓时应核对以下信息：")
	para("资产名称").NumPr("1", "0")
	para("规格型号").NumPr("1", "0")
	tbl := d.AddTable(2, 2, 0, nil)
	tbl.TableRows[0].TableCells[0].AddParagraph().AddText("项目")
	tbl.TableRows[0].TableCells[1].AddParagraph().AddText("要求")
	tbl.TableRows[1].TableCells[0].AddParagraph().AddText("入仓")
	tbl.TableRows[1].TableCells[1].AddParagraph().AddText("登记|核对")
	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestConvert(t *testing.T) {
	b := standardDocx(t)
	r, err := wordimport.Convert(bytes.NewReader(b), int64(len(b)), stdkb.KindStandard)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"number": "DB50/T 9999-2023", "title": "公物仓管理规范", "issued": "2023-05-10",
		"effective": "2023-08-01", "issuer": "重庆市市场监督管理局", "level": "地方", "nature": "推荐"} {
		if r.Found[k] != want {
			t.Errorf("%s = %q, want %q", k, r.Found[k], want)
		}
	}
	if strings.Join(r.Missing, ",") != "framework" || r.DocID != "db50-t-9999" || r.Edition != "2023" {
		t.Errorf("missing %v, doc %s, edition %s", r.Missing, r.DocID, r.Edition)
	}
	for _, want := range []string{"## 1 范围", "## 4 基本要求", "4.1 公物仓应实行集中统一管理", "- 资产名称", "| 项目 | 要求 |", `登记\|核对`} {
		if !strings.Contains(r.Markdown, want) {
			t.Errorf("markdown lacks %q:\n%s", want, r.Markdown)
		}
	}
	roundTrip(t, r)
}

// roundTrip puts the converted file into a content tree: check names the missing framework;
// once it is filled in, the document loads and search finds its clause.
func roundTrip(t *testing.T, r *wordimport.Result) {
	t.Helper()
	fw, err := fsRead("framework.md")
	if err != nil {
		t.Fatal(err)
	}
	path := "standards/" + r.DocID + "/" + r.Edition + ".md"
	fsys := fstest.MapFS{"framework.md": {Data: fw}, path: {Data: []byte(r.Markdown)}}
	if _, err := content.Load(fsys); err == nil || !strings.Contains(err.Error(), path+":2: framework: 缺少必填字段") {
		t.Fatalf("check should name the missing framework: %v", err)
	}
	fsys[path] = &fstest.MapFile{Data: []byte(strings.Replace(r.Markdown, "status: 现行\n", "status: 现行\nframework: [B2]\n", 1))}
	lib, err := content.Load(fsys)
	if err != nil {
		t.Fatalf("completed import does not load:\n%v", err)
	}
	ix, err := indexer.Build(lib, "", indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), indexer.Request{Query: "闲置资产统一调剂"})
	if err != nil || len(res.Hits) == 0 || res.Hits[0].Section != "4.1" {
		t.Errorf("search after import: %+v %v", res, err)
	}
}

func fsRead(name string) ([]byte, error) {
	f, err := content.Default().Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(f)
	return b.Bytes(), err
}

func TestBadFiles(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	for name, tt := range map[string]struct {
		data []byte
		want string
	}{
		"encrypted": {ole, "设有密码"},
		"text":      {[]byte("这不是 Word 文件"), "无法读取该 .docx 文件"},
		"empty":     {nil, "无法读取该 .docx 文件"},
	} {
		_, err := wordimport.Convert(bytes.NewReader(tt.data), int64(len(tt.data)), stdkb.KindStandard)
		if err == nil || stdkb.ErrorCode(err) != stdkb.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want EINVALID containing %q", name, err, tt.want)
		}
	}
}

// TestLibreOfficeDocx converts a document written by LibreOffice, when it is installed.
func TestLibreOfficeDocx(t *testing.T) {
	soffice, err := exec.LookPath("libreoffice")
	if err != nil {
		t.Skip("SKIP: libreoffice is not installed (apt-get install libreoffice-writer to run this test)")
	}
	dir := t.TempDir()
	html := "<html><body><p>DB50/T 9998—2024</p><p>会议服务规范</p><p>2024-01-02发布</p><p>2024-03-01实施</p><p>重庆市市场监督管理局 发布</p>" +
		"<h1>1 范围</h1><p>本文件规定了会议服务的要求。</p><h1>4 服务要求</h1><p>4.1 会议服务应提前确认参会人数。</p></body></html>"
	src := filepath.Join(dir, "meeting.html")
	os.WriteFile(src, []byte(html), 0o644)
	cmd := officeCommand(soffice, dir, "--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "meeting.docx"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := wordimport.Convert(bytes.NewReader(b), int64(len(b)), stdkb.KindStandard)
	if err != nil {
		t.Fatal(err)
	}
	if r.Found["number"] != "DB50/T 9998-2024" || r.Found["title"] != "会议服务规范" || !strings.Contains(r.Markdown, "4.1 会议服务应提前确认参会人数") {
		t.Errorf("LibreOffice document: %+v\n%s", r.Found, r.Markdown)
	}
}

// officeCommand runs LibreOffice headless with its own profile under dir: LibreOffice's default
// profile is shared by every run of the user, and a second instance using it fails ("Unspecified
// Application Error") or hands its work to the first.
func officeCommand(soffice, dir string, args ...string) *exec.Cmd {
	profile := "-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(dir, "lo-profile"))
	return exec.Command(soffice, append([]string{"--headless", "--norestore", profile}, args...)...)
}

// TestOfficeCommandOwnProfile: two runs never share a LibreOffice profile.
func TestOfficeCommandOwnProfile(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	profileOf := func(cmd *exec.Cmd) string {
		for _, arg := range cmd.Args {
			if p, ok := strings.CutPrefix(arg, "-env:UserInstallation=file://"); ok {
				return p
			}
		}
		return ""
	}
	pa, pb := profileOf(officeCommand("soffice", a, "x")), profileOf(officeCommand("soffice", b, "x"))
	if pa == "" || pa == pb || !strings.HasPrefix(pa, filepath.ToSlash(a)) {
		t.Errorf("profiles %q and %q: want one under each run's own directory", pa, pb)
	}
}

// craftedDocx zips a document.xml of xmlBytes of tiny runs, the shape that makes the docx tree
// largest per byte, with the declared size set by declare (nil keeps the true size).
func craftedDocx(t *testing.T, xmlBytes int, declare func(*zip.FileHeader)) []byte {
	t.Helper()
	var body bytes.Buffer
	body.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	const run = `<w:p><w:r><w:t>机</w:t></w:r><w:r><w:t>关</w:t></w:r></w:p>`
	body.WriteString(strings.Repeat(run, xmlBytes/len(run)))
	body.WriteString(`</w:body></w:document>`)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	h := &zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate}
	if declare == nil {
		w, _ := zw.CreateHeader(h)
		w.Write(body.Bytes())
	} else {
		var packed bytes.Buffer
		fw, _ := flate.NewWriter(&packed, flate.BestCompression)
		fw.Write(body.Bytes())
		fw.Close()
		h.CRC32 = crc32.ChecksumIEEE(body.Bytes())
		h.CompressedSize64, h.UncompressedSize64 = uint64(packed.Len()), uint64(body.Len())
		declare(h)
		w, _ := zw.CreateRaw(h)
		w.Write(packed.Bytes())
	}
	zw.Close()
	return b.Bytes()
}

// A small .docx holding much more text than a standard needs is refused before the document
// tree is built, whether its directory tells the truth about the size or understates it.
func TestRefusesOversizedText(t *testing.T) {
	for name, data := range map[string][]byte{
		"declared":    craftedDocx(t, wordimport.MaxDocumentXML+1<<20, nil),
		"understated": craftedDocx(t, wordimport.MaxDocumentXML+1<<20, func(h *zip.FileHeader) { h.UncompressedSize64 = 1000 }),
	} {
		if len(data) > 200<<10 {
			t.Fatalf("%s: crafted file is %d bytes, want a small one", name, len(data))
		}
		_, err := wordimport.Convert(bytes.NewReader(data), int64(len(data)), stdkb.KindStandard)
		if stdkb.ErrorCode(err) != stdkb.EINVALID {
			t.Errorf("%s (%d bytes): error %v, want EINVALID", name, len(data), err)
		}
	}
	// The refusal costs what decompressing costs, not what the tree would: a 32 MiB document
	// in a file of about 100 KB allocates little while being refused (it once took gigabytes).
	huge := craftedDocx(t, 32<<20, nil)
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	_, err := wordimport.Convert(bytes.NewReader(huge), int64(len(huge)), stdkb.KindStandard)
	runtime.ReadMemStats(&m1)
	if stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("32 MiB of text in %d bytes: %v, want EINVALID", len(huge), err)
	}
	if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 16<<20 {
		t.Errorf("refusing 32 MiB of text allocated %d MiB", alloc>>20)
	}
	// Just under the bound, the same shape converts.
	ok := craftedDocx(t, wordimport.MaxDocumentXML-64<<10, nil)
	if _, err := wordimport.Convert(bytes.NewReader(ok), int64(len(ok)), stdkb.KindStandard); err != nil {
		t.Errorf("document just under the bound: %v", err)
	}
}

// A small file whose pictures claim to unpack to more than MaxMedia is refused before parsing.
func TestRefusesZipBomb(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`))
	raw, _ := zw.CreateRaw(&zip.FileHeader{Name: "word/media/a.png", Method: zip.Store, UncompressedSize64: wordimport.MaxMedia + 1, CompressedSize64: 4})
	raw.Write([]byte("fake"))
	zw.Close()
	_, err := wordimport.Convert(bytes.NewReader(b.Bytes()), int64(b.Len()), stdkb.KindStandard)
	if err == nil || !strings.Contains(err.Error(), "图片解压后超过") {
		t.Fatalf("error %v, want the unpacked-size refusal", err)
	}
}
