// Package workbook reads the cells of uploaded Excel workbooks within bounds: the file, what it
// unzips to, the rows read from a sheet and the columns a row may use are all limited, and rows
// are read one at a time, so a small hostile file cannot make the reader build large tables.
package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"stdkb"
)

// Limits bound one read. Every field must be positive.
type Limits struct {
	FileSize int64 // bytes of the .xlsx file itself
	Unzipped int64 // bytes all the workbook's parts may unzip to together
	Rows     int   // rows read from each sheet; the rows after them are ignored
	// Columns is the widest row accepted: a cell with a value beyond it refuses the workbook.
	// Excel allows 16,384 columns, and a row is built as wide as its last cell, so this stops
	// a file that puts one cell at XFD in each of thousands of rows.
	Columns int
}

// maxCellRunes is the most text one cell may hold, Excel's own limit (32,767 characters).
const maxCellRunes = 32767

// Sheet is a sheet as read: its rows, each row its cells' raw values (a date is its serial
// number), as wide as its last non-empty cell, and the same cells as Excel shows them (85.5%
// for a percentage cell holding 0.855).
type Sheet struct {
	Name  string
	Rows  [][]string
	Shown [][]string
}

// Sheets are the sheets read, in the order asked for (or the workbook's order).
type Sheets []Sheet

// Rows returns the named sheet's rows and whether it was read.
func (s Sheets) Rows(name string) ([][]string, bool) {
	for _, sh := range s {
		if sh.Name == name {
			return sh.Rows, true
		}
	}
	return nil, false
}

// Shown returns the value of the named sheet's cell at row and col (0-based, header included)
// as Excel shows it, "" when there is none.
func (s Sheets) Shown(name string, row, col int) string {
	for _, sh := range s {
		if sh.Name == name && row < len(sh.Shown) && col < len(sh.Shown[row]) {
			return sh.Shown[row][col]
		}
	}
	return ""
}

// Read reads the named sheets of an .xlsx workbook (every sheet when names is empty); a named
// sheet the workbook lacks is absent from the result. Errors are *stdkb.Error in Chinese: a file
// over the size limits is ETOOLARGE, anything else unreadable EINVALID.
func Read(r io.Reader, lim Limits, names ...string) (Sheets, error) {
	b, err := io.ReadAll(io.LimitReader(r, lim.FileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read workbook: %w", err)
	}
	if int64(len(b)) > lim.FileSize {
		return nil, stdkb.Errorf(stdkb.ETOOLARGE, "Excel 文件超过 %s 的上限。", size(lim.FileSize))
	}
	if unzipped(b) > lim.Unzipped {
		return nil, stdkb.Errorf(stdkb.ETOOLARGE, "Excel 文件解压后超过 %s 的上限，超出一份表格所需；请删除无关的工作表或内容后再导入。", size(lim.Unzipped))
	}
	// excelize enforces the same limit while unzipping (the declared sizes cannot be exceeded).
	// UnzipXMLSizeLimit equal to it keeps every part in memory rather than in temporary files:
	// the total is already bounded.
	book, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: lim.Unzipped, UnzipXMLSizeLimit: lim.Unzipped})
	if err != nil {
		return nil, stdkb.WrapError(stdkb.EINVALID, err, "无法读取所选的 Excel 文件：不是有效的 xlsx 文件。")
	}
	defer book.Close()
	if len(names) == 0 {
		names = book.GetSheetList()
	}
	var out Sheets
	for _, name := range names {
		if idx, err := book.GetSheetIndex(name); err != nil || idx < 0 {
			continue
		}
		// Two streaming passes, each bounded by the limits: a row's cells can be decoded once.
		rows, err := readSheet(book, name, lim, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		shown, err := readSheet(book, name, lim, excelize.Options{})
		if err != nil {
			return nil, err
		}
		out = append(out, Sheet{Name: name, Rows: rows, Shown: shown})
	}
	return out, nil
}

// readSheet streams a sheet's rows, stopping after lim.Rows.
func readSheet(book *excelize.File, name string, lim Limits, opts excelize.Options) ([][]string, error) {
	it, err := book.Rows(name)
	if err != nil {
		return nil, stdkb.WrapError(stdkb.EINVALID, err, "无法读取工作表“%s”。", name)
	}
	defer it.Close()
	var rows [][]string
	var text int64 // bytes of the cells read so far
	for len(rows) < lim.Rows && it.Next() {
		cells, err := it.Columns(opts)
		if err != nil {
			return nil, stdkb.WrapError(stdkb.EINVALID, err, "无法读取工作表“%s”第 %d 行。", name, len(rows)+1)
		}
		// excelize builds a cell's text afresh each time a row refers to a shared string, so a
		// small file whose rows all point at one long string would otherwise cost its length
		// once per row: a cell past Excel's own limit, or a sheet whose text adds up to more than
		// the workbook could unzip to, refuses the file after at most one such copy.
		for i, c := range cells {
			text += int64(len(c))
			if len(c) > maxCellRunes && utf8.RuneCountInString(c) > maxCellRunes {
				col, _ := excelize.ColumnNumberToName(i + 1)
				return nil, stdkb.Errorf(stdkb.EINVALID, "工作表“%s”第 %d 行 %s 列的内容超过 %d 个字符（Excel 单元格的上限）。", name, len(rows)+1, col, maxCellRunes)
			}
		}
		if text > lim.Unzipped {
			return nil, stdkb.Errorf(stdkb.ETOOLARGE, "工作表“%s”读到第 %d 行时文字已超过 %s，超出一份表格所需；请删除无关的内容后再导入。", name, len(rows)+1, size(lim.Unzipped))
		}
		if len(cells) > lim.Columns {
			col, _ := excelize.ColumnNumberToName(len(cells))
			last, _ := excelize.ColumnNumberToName(lim.Columns)
			return nil, stdkb.Errorf(stdkb.EINVALID, "工作表“%s”第 %d 行在 %s 列有内容；表格至多使用到 %s 列，请删除多余的列后再导入。", name, len(rows)+1, col, last)
		}
		rows = append(rows, cells)
	}
	if err := it.Error(); err != nil {
		return nil, stdkb.WrapError(stdkb.EINVALID, err, "无法读取工作表“%s”。", name)
	}
	return rows, nil
}

// unzipped is the size a zip archive declares its files unpack to, 0 when b is no zip archive
// (excelize then says what is wrong with it).
func unzipped(b []byte) int64 {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return 0
	}
	var n int64
	for _, f := range z.File {
		n = min(n+int64(min(f.UncompressedSize64, 1<<40)), 1<<62)
	}
	return n
}

func size(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d MiB", n>>20)
}
