package kb

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"stdkb"
)

// TestHeavyWorkWaitsOrIsBusy: with the one Word-import slot taken, a second import waits for
// it; if its request ends first it is answered EBUSY (503, "服务器正忙") without converting
// anything, and once the slot is freed a waiting import runs.
func TestHeavyWorkWaitsOrIsBusy(t *testing.T) {
	if heavyLimits[workWord] != 1 {
		t.Fatalf("this test takes the only Word-import slot; the limit is %d", heavyLimits[workWord])
	}
	a := &App{heavy: newHeavyGate()}
	waiting := make(chan heavyWork, 1)
	a.heavy.waiting = func(k heavyWork) { waiting <- k }
	release, err := a.startHeavy(context.Background(), workWord)
	if err != nil {
		t.Fatal(err)
	}
	convert := func(c Caller, result chan<- error) {
		_, err := a.ConvertWord(c, bytes.NewReader(nil), 0, stdkb.KindStandard)
		result <- err
	}

	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go convert(Admin("root").WithContext(ctx), result)
	if k := <-waiting; k != workWord {
		t.Fatalf("waiting for %v", k)
	}
	cancel() // the client gave up
	err = <-result
	if stdkb.ErrorCode(err) != stdkb.EBUSY || stdkb.HTTPStatus(stdkb.EBUSY) != 503 || !strings.Contains(stdkb.ErrorMessage(err), "服务器正忙") {
		t.Fatalf("an import whose request ended while waiting: %v", err)
	}

	go convert(Admin("root"), result)
	<-waiting
	select {
	case err := <-result:
		t.Fatalf("the import ran while the slot was taken: %v", err)
	default:
	}
	release()
	// An empty file is no .docx: reaching the converter is what shows the import ran.
	if err := <-result; stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Fatalf("the waiting import, once the slot was free: %v", err)
	}
	if !a.heavy.slots[workWord].TryAcquire(1) {
		t.Error("the import did not give its slot back")
	}
}
