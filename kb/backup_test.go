package kb_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"stdkb"
	"stdkb/kb/kbtest"
	"stdkb/store"
)

// TestBackupUnderWriteLoad takes a backup while writers keep adding experts and finds, in the
// backup, every write acknowledged before the backup began.
func TestBackupUnderWriteLoad(t *testing.T) {
	f := kbtest.New(t)
	var (
		mu    sync.Mutex
		acked []string
		stop  = make(chan struct{})
		wg    sync.WaitGroup
		// broken is closed when a writer fails, so the wait below cannot hang.
		broken = make(chan struct{})
		failed sync.Once
	)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := fmt.Sprintf("w%d-%d", w, i)
				if err := f.Store.PutExpert(stdkb.Expert{ID: id, Name: "专家" + id, Unit: "荣昌区机关事务管理局", Specialties: []string{"B3"}}, "load"); err != nil {
					t.Error(err)
					failed.Do(func() { close(broken) })
					return
				}
				mu.Lock()
				acked = append(acked, id)
				mu.Unlock()
			}
		}()
	}
	// Let writes accumulate, then note what is acknowledged and take the backup.
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 200 {
			break
		}
		select {
		case <-broken:
			t.FailNow()
		case <-time.After(time.Millisecond):
		}
	}
	mu.Lock()
	before := append([]string(nil), acked...)
	mu.Unlock()
	path := filepath.Join(t.TempDir(), "backup.db")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.App.Backup(f.Caller(kbtest.Admin), out); err != nil {
		t.Fatal(err)
	}
	out.Close()
	close(stop)
	wg.Wait()

	if err := store.Check(path); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pool, err := st.Experts()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, x := range pool {
		have[x.ID] = true
	}
	for _, id := range before {
		if !have[id] {
			t.Errorf("write %s, acknowledged before the backup began, is not in it", id)
		}
	}
	t.Logf("%d writes acknowledged before the backup; backup holds %d experts", len(before), len(pool))
}
