package store

import (
	"archive/zip"
	"bytes"
	"net/http"
	"path"
	"strings"

	"stdkb"
)

// evidenceType is an accepted kind of evidence: the media type it is served as and a check
// that the content really is of that kind.
type evidenceType struct {
	mediaType string
	is        func([]byte) bool
}

var (
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

	// evidenceTypes are the files a committee can open and no browser would run. The content
	// must match the name's extension: the declared type alone let an HTML or SVG page named
	// .pdf through.
	evidenceTypes = map[string]evidenceType{
		".pdf":  {"application/pdf", prefixed([]byte("%PDF-"))},
		".png":  {"image/png", prefixed([]byte("\x89PNG\r\n\x1a\n"))},
		".jpg":  {"image/jpeg", prefixed([]byte{0xFF, 0xD8, 0xFF})},
		".jpeg": {"image/jpeg", prefixed([]byte{0xFF, 0xD8, 0xFF})},
		".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", officeZip("word/document.xml")},
		".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", officeZip("xl/workbook.xml")},
		".doc":  {"application/msword", prefixed(oleMagic)},
		".xls":  {"application/vnd.ms-excel", prefixed(oleMagic)},
		".txt":  {"text/plain; charset=utf-8", plainText},
	}
)

func prefixed(magic []byte) func([]byte) bool {
	return func(b []byte) bool { return bytes.HasPrefix(b, magic) }
}

// officeZip recognises an Office Open XML file by the part that makes it a document or a
// workbook, not only by the zip signature every such file shares.
func officeZip(part string) func([]byte) bool {
	return func(b []byte) bool {
		if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
			return false
		}
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return false
		}
		for _, f := range zr.File {
			if f.Name == part {
				return true
			}
		}
		return false
	}
}

// plainText accepts text that no browser would take for a page or an image: no NUL bytes, not
// sniffed as HTML or XML, and no markup that starts a page, a script or an SVG image.
func plainText(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	sniffed := http.DetectContentType(b)
	if strings.HasPrefix(sniffed, "text/html") || strings.HasPrefix(sniffed, "text/xml") {
		return false
	}
	head := bytes.ToLower(b[:min(len(b), 4096)])
	for _, tag := range []string{"<html", "<script", "<svg", "<?xml", "<!doctype", "<body", "<iframe"} {
		if bytes.Contains(head, []byte(tag)) {
			return false
		}
	}
	return true
}

// checkEvidenceContent returns the media type for a file named name, or an EINVALID error when
// the type is not accepted or the content is not what the name says.
func checkEvidenceContent(name string, data []byte) (string, error) {
	ext := strings.ToLower(path.Ext(name))
	t, ok := evidenceTypes[ext]
	if !ok {
		return "", stdkb.Errorf(stdkb.EINVALID, "佐证材料“%s”：只接受 PDF、图片（PNG、JPEG）、Word、Excel 和文本文件", name)
	}
	if len(data) == 0 {
		return "", stdkb.Errorf(stdkb.EINVALID, "佐证材料“%s”是空文件", name)
	}
	if !t.is(data) {
		return "", stdkb.Errorf(stdkb.EINVALID, "佐证材料“%s”的内容不是 %s 文件（文件类型与扩展名不符），请上传原始文件", name, strings.ToUpper(strings.TrimPrefix(ext, ".")))
	}
	return t.mediaType, nil
}
