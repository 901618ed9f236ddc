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

// XLSX writes rows to one sheet of a new workbook, the first row bold.
func XLSX(w io.Writer, sheet string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
		}
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return err
		}
	}
	if bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err == nil && len(rows) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(rows[0]), 1)
		f.SetCellStyle(sheet, "A1", last, bold)
	}
	_, err := f.WriteTo(w)
	return err
}
