// Package export writes tables as files people open in office software: CSV that Excel reads
// as UTF-8, and xlsx workbooks.
package export

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// CSV writes rows as CSV with a UTF-8 byte-order mark and CRLF line ends, so Excel shows
// Chinese text correctly.
func CSV(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}

// XLSX writes rows to one sheet of a new workbook ready to sort, sum and print: the first row
// is a bold header, frozen and repeated on every printed page; below it a cell that reads as a
// number, a percentage or a date is stored as one (see Cell); columns are as wide as their
// text, up to a limit past which text wraps; the sheet declares its used range and prints on
// A4, landscape when the columns are too wide for portrait, scaled to the page width.
func XLSX(w io.Writer, sheet string, rows [][]string) error {
	return XLSXSheets(w, []Sheet{{Name: sheet, Rows: rows}})
}

// Sheet is one named sheet of a workbook.
type Sheet struct {
	Name string
	Rows [][]string
}

// XLSXSheets writes a workbook with several sheets, each laid out as XLSX lays out its one.
func XLSXSheets(w io.Writer, sheets []Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	styles, err := newCellStyles(f)
	if err != nil {
		return err
	}
	for i, sh := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", sh.Name)
		} else {
			_, err = f.NewSheet(sh.Name)
		}
		if err != nil {
			return fmt.Errorf("xlsx sheet %q: %w", sh.Name, err)
		}
		cols := measureColumns(sh.Rows)
		for j, row := range sh.Rows {
			if err := writeRow(f, sh.Name, j, row, cols, styles); err != nil {
				return err
			}
		}
		if err := layoutSheet(f, sh.Name, sh.Rows, cols); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// writeRow writes one row; row 0 is the header and stays text.
func writeRow(f *excelize.File, sheet string, i int, row []string, cols []column, st cellStyles) error {
	for j, text := range row {
		cell, err := excelize.CoordinatesToCellName(j+1, i+1)
		if err != nil {
			return err
		}
		c := Cell{Kind: KindText, Text: text}
		if i > 0 {
			c = ReadCell(text)
		}
		if err := f.SetCellValue(sheet, cell, c.value()); err != nil {
			return fmt.Errorf("xlsx %s: %w", cell, err)
		}
		style := st.forCell(c, i == 0, cols[j].wrap)
		if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
			return fmt.Errorf("xlsx %s: %w", cell, err)
		}
	}
	return nil
}
