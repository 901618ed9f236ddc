// Package catalog imports a standard catalogue (标准明细表) that a bureau keeps in Excel or CSV:
// each row with the standard-system table's columns becomes a metadata entry — a new document,
// or a new edition of one the content holds — staged and checked like a bundle import, so
// nothing lands unless the whole content still loads.
package catalog

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"stdkb"
	"stdkb/workbook"

	"github.com/xuri/excelize/v2"

	"stdkb/systable"
)

// Limits on what Read accepts, so a huge sheet cannot exhaust memory.
const (
	MaxFileSize = 16 << 20
	MaxRows     = 20000
	MaxUnzipped = 256 << 20 // bytes an xlsx may unzip to
	// MaxColumns is the widest row read from an xlsx: the detail table's columns and plenty of
	// a bureau's own; a value further right refuses the file.
	MaxColumns = 256
)

// Column keys beyond the detail table's: what a content entry needs and the table omits.
const (
	ColIssued = "发布日期"
	ColIssuer = "发布机构"
	ColScope  = "适用范围"
	ColSource = "来源"
	// ColWithdrawn is the day a repealed standard stopped applying.
	ColWithdrawn = "废止日期"
)

// aliases maps header spellings bureaus use to column keys.
var aliases = map[string]string{
	"标准号": "标准编号", "体系表编号": "体系编号", "标准体系表编号": "体系编号", "标准级别": "级别",
	"标准性质": "性质", "实施时间": "实施日期", "代替标准号": "代替标准", "被代替标准": "代替标准", "被代替标准号": "代替标准",
	"归口单位": "归口/主编单位", "主编单位": "归口/主编单位", "归口/主编": "归口/主编单位", "归口或主编单位": "归口/主编单位",
	"发布时间": ColIssued, "发布单位": ColIssuer, "发布部门": ColIssuer, "范围": ColScope, "废止时间": ColWithdrawn,
}

// known lists every column key Read recognises.
func known() map[string]bool {
	k := map[string]bool{ColIssued: true, ColIssuer: true, ColScope: true, ColSource: true, ColWithdrawn: true}
	for _, c := range systable.Columns {
		k[c] = true
	}
	return k
}

// Sheet is a catalogue as read: the header's columns and the data rows with their numbers.
type Sheet struct {
	Name      string         // the file name, for messages and sources
	HeaderRow int            // row number of the header
	Columns   map[string]int // column key → index
	Ignored   []string       // headers that name no known column
	Rows      []Row
}

// Row is one data row and its row number as a spreadsheet or text editor shows it.
type Row struct {
	Line  int
	Cells []string
}

// Get returns the row's cell in the column, trimmed; "" when the sheet lacks the column.
func (s *Sheet) Get(r Row, key string) string {
	i, ok := s.Columns[key]
	if !ok || i >= len(r.Cells) {
		return ""
	}
	return strings.TrimSpace(strings.ReplaceAll(r.Cells[i], "\u00a0", " "))
}

// Read reads a catalogue from an .xlsx or .csv file (by name). The header is the first row, in
// the first sheet that has one, naming both 标准编号 and 标准名称; rows above it (titles) are
// skipped. xlsx cells are read raw, so dates stored as dates arrive as serial numbers.
func Read(name string, r io.Reader) (*Sheet, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("%s：文件超过 %d MB 的上限", name, MaxFileSize>>20)
	}
	var grids [][][]string
	var lines [][]int
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		grids, err = readXLSX(b)
	case ".csv":
		var g [][]string
		var l []int
		g, l, err = readCSV(b)
		grids, lines = [][][]string{g}, [][]int{l}
	default:
		return nil, fmt.Errorf("%s：只能导入 .xlsx 或 .csv 文件", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s：%w", name, err)
	}
	for gi, g := range grids {
		for i := 0; i < len(g) && i < 20; i++ {
			cols, ignored := header(g[i])
			_, num := cols["标准编号"]
			_, title := cols["标准名称"]
			if !num || !title {
				continue
			}
			s := &Sheet{Name: filepath.Base(name), HeaderRow: i + 1, Columns: cols, Ignored: ignored}
			if lines != nil {
				s.HeaderRow = lines[gi][i]
			}
			for j := i + 1; j < len(g); j++ {
				line := j + 1
				if lines != nil {
					line = lines[gi][j]
				}
				s.Rows = append(s.Rows, Row{Line: line, Cells: g[j]})
			}
			if len(s.Rows) > MaxRows {
				return nil, fmt.Errorf("%s：超过 %d 行的上限", name, MaxRows)
			}
			return s, nil
		}
	}
	return nil, fmt.Errorf("%s：找不到表头（应有“标准编号”和“标准名称”两列）", name)
}

func header(cells []string) (map[string]int, []string) {
	k := known()
	cols := map[string]int{}
	var ignored []string
	for i, c := range cells {
		c = strings.Join(strings.Fields(c), "")
		if a, ok := aliases[c]; ok {
			c = a
		}
		switch {
		case c == "":
		case k[c]:
			if _, dup := cols[c]; !dup {
				cols[c] = i
			}
		default:
			ignored = append(ignored, c)
		}
	}
	return cols, ignored
}

func readXLSX(b []byte) ([][][]string, error) {
	// Bound decompression and row width too: a small hostile workbook may unzip to gigabytes
	// or put a cell in Excel's last column of every row.
	sheets, err := workbook.Read(bytes.NewReader(b), workbook.Limits{FileSize: MaxFileSize, Unzipped: MaxUnzipped, Rows: MaxRows + 21, Columns: MaxColumns})
	if err != nil {
		return nil, errors.New(stdkb.ErrorMessage(err))
	}
	var grids [][][]string
	for _, sh := range sheets {
		grids = append(grids, sh.Rows)
	}
	return grids, nil
}

func readCSV(b []byte) ([][]string, []int, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, lines, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("CSV 格式错误：%v", err)
		}
		line, _ := cr.FieldPos(0)
		rows, lines = append(rows, rec), append(lines, line)
		if len(rows) > MaxRows+20 {
			return nil, nil, fmt.Errorf("超过 %d 行的上限", MaxRows)
		}
	}
}

// serialDate turns an xlsx date serial into YYYY-MM-DD; ok is false when s is not a number.
func serialDate(s string) (string, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1 || f > 2958465 {
		return "", false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// timeNow is time.Now, a variable so nothing else in the package reads the clock.
var timeNow = time.Now
