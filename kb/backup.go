package kb

import (
	"io"

	"stdkb"
)

// Backup writes a consistent snapshot of the database to w while the knowledge base keeps
// serving: administrators only. Evidence files and the content are not in it (see
// docs/operations.md).
func (a *App) Backup(c Caller, w io.Writer) error {
	if err := needAdmin(c); err != nil {
		return err
	}
	if err := a.needStore(); err != nil {
		return err
	}
	if _, err := a.cfg.Store.Backup(w); err != nil {
		return stdkb.WrapError(stdkb.EINTERNAL, err, "备份失败")
	}
	return nil
}
