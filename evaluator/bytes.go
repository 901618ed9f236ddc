package evaluator

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// checkBytes refuses a file before decoding it: too large or not UTF-8.
func checkBytes(src []byte) *FieldError {
	if len(src) > MaxSubmissionSize {
		return &FieldError{Message: fmt.Sprintf("提交文件为 %d 字节，超过 4 MiB（%d 字节）的上限", len(src), MaxSubmissionSize)}
	}
	if !utf8.Valid(src) {
		line := 1 + bytes.Count(src[:invalidUTF8At(src)], []byte("\n"))
		msg := "文件不是 UTF-8 编码：请另存为 UTF-8 后重新提交"
		if looksGBK(src) {
			msg = "文件看起来是 GBK 编码（Windows 中文版“ANSI”编码），不是 UTF-8：请在编辑器中“另存为”UTF-8 编码后重新提交"
		}
		return &FieldError{Line: line, Message: msg}
	}
	return nil
}

// invalidUTF8At returns the offset of the first byte that is not valid UTF-8.
func invalidUTF8At(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(src)
}

// looksGBK reports whether src decodes cleanly as GBK into text holding Chinese characters.
func looksGBK(src []byte) bool {
	out, err := simplifiedchinese.GBK.NewDecoder().Bytes(src)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return false
	}
	return bytes.ContainsFunc(out, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}
