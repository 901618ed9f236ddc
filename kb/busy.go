package kb

import (
	"context"
	"time"

	"golang.org/x/sync/semaphore"

	"stdkb"
)

// heavyWork is a kind of signed-in work that costs tens to hundreds of MiB while it runs; each
// kind has its own bound on how many run at once (docs/limits.md gives the figures).
type heavyWork int

const (
	workWord       heavyWork = iota // a Word file converted into a draft (/draft)
	workUploads                     // a form saved or shown again with its uploaded files, a workbook imported
	workSubmission                  // a submission document parsed and checked (API, command line, signed-in assessment)
	workVolume                      // a compiled volume built
	heavyKinds
)

// heavyLimits are how many of each kind run at once, sized from what one costs at its limits:
// a Word import up to ~140 MiB (its document tree), a form with evidence ~3× its files (up to
// 32 MiB of body), a 4 MiB submission tens of MiB, a volume tens of MiB. The server's soft
// memory limit (320 MiB in the load test) leaves room for about this much beside its ~140 MiB
// of index and content.
var heavyLimits = [heavyKinds]int64{workWord: 1, workUploads: 2, workSubmission: 2, workVolume: 1}

// heavyNames name the kinds in the busy message.
var heavyNames = [heavyKinds]string{workWord: "Word 导入", workUploads: "带附件的表单保存", workSubmission: "自评材料解析", workVolume: "汇编生成"}

// MaxHeavyWait is the longest a call waits for its turn before it is answered EBUSY, unless its
// request ends sooner.
const MaxHeavyWait = 20 * time.Second

// heavyGate holds the slots of each kind of heavy work.
type heavyGate struct {
	slots [heavyKinds]*semaphore.Weighted
	// waiting, when set, is told that a call found every slot of its kind taken (tests).
	waiting func(heavyWork)
}

func newHeavyGate() *heavyGate {
	g := &heavyGate{}
	for k, n := range heavyLimits {
		g.slots[k] = semaphore.NewWeighted(n)
	}
	return g
}

// startHeavy waits for a slot of kind k and returns the function that frees it. When the wait
// would outlast the caller's request or MaxHeavyWait, it gives up: EBUSY, "服务器正忙".
func (a *App) startHeavy(ctx context.Context, k heavyWork) (done func(), err error) {
	slot := a.heavy.slots[k]
	if !slot.TryAcquire(1) {
		if a.heavy.waiting != nil {
			a.heavy.waiting(k)
		}
		ctx, cancel := context.WithTimeout(ctx, MaxHeavyWait)
		defer cancel()
		if err := slot.Acquire(ctx, 1); err != nil {
			return nil, stdkb.WrapError(stdkb.EBUSY, err, "服务器正忙：同时进行的%s已达上限（%d 个），请稍后再试。", heavyNames[k], heavyLimits[k])
		}
	}
	return func() { slot.Release(1) }, nil
}
