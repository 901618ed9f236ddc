package kb

import (
	"io"

	"stdkb"

	"stdkb/workbook"
)

// Limits on an uploaded inventory workbook (see docs/limits.md). A filled-in form is at most
// MaxFormRows rows in each of three sheets of at most 11 columns: about 2 MiB of sheet XML
// even with every cell holding a long title inline, so 16 MiB unzipped leaves ample room for
// styles and whatever else Excel or WPS writes, and bounds what a small file can unpack to.
const (
	MaxInventoryWorkbook = 4 << 20  // bytes of the .xlsx file
	MaxInventoryUnzipped = 16 << 20 // bytes its parts unzip to together
	// MaxInventoryColumns is the widest row read: the form's 11 columns and room for a unit's
	// own notes beside them. A value further right refuses the workbook.
	MaxInventoryColumns = 64
)

// inventoryBook is an inventory workbook's sheets as read.
type inventoryBook = workbook.Sheets

// readInventory reads the inventory workbook's three sheets within the limits above, each at
// most its header and MaxFormRows rows, and one more to tell that a sheet has too many.
func (a *App) readInventory(c Caller, r io.Reader) (inventoryBook, error) {
	done, err := a.startHeavy(c.context(), workUploads)
	if err != nil {
		return nil, err
	}
	defer done()
	book, err := workbook.Read(r, workbook.Limits{FileSize: MaxInventoryWorkbook, Unzipped: MaxInventoryUnzipped,
		Rows: MaxFormRows + 2, Columns: MaxInventoryColumns}, sheetStandards, sheetCampaigns, sheetIndicators)
	if stdkb.ErrorCode(err) == stdkb.EINVALID {
		return nil, stdkb.WrapError(stdkb.EINVALID, err, "%s（可先用“导出为 Excel”得到模板。）", stdkb.ErrorMessage(err))
	}
	return book, err
}
