package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"stdkb"
	"stdkb/kb/kbtest"
)

// evidenceForm saves a new midterm draft with one uploaded file for item org-1.
func evidenceForm(t *testing.T, c *http.Client, base, name, content string) (*http.Response, string) {
	t.Helper()
	fields := map[string]string{
		"csrf_token": token(t, c, base+"/assess/new?checklist=pilot-midterm"),
		"checklist":  "pilot-midterm", "from": "2025-01-01", "to": "2025-12-31", "item_org-1": "符合",
	}
	return multipartPost(t, c, base+"/assess/save", fields, map[string][2]string{"evidence_org-1": {name, content}})
}

// sendYAML sends a submission document to the API.
func sendJSON(t *testing.T, c *http.Client, method, u string, body []byte) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res.StatusCode, b.String()
}

// Evidence is bound to the submission that uploaded it: another unit's pilot cannot put its
// reference into its own submission, nor download it through its own link. Today's main let
// pilot B name pilot A's stored file and download it.
func TestEvidenceBelongsToItsSubmission(t *testing.T) {
	ts, st := authServer(t)
	other, _ := stdkb.NewUser("other", stdkb.RolePilot, "璧山区机关事务管理局", "correct horse battery")
	st.AddUser(other, "test")
	a, b := login(t, ts, "pilot"), login(t, ts, "other")
	if res, body := evidenceForm(t, a, ts.URL, "甲的材料.pdf", "%PDF-1.4 secret of A"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("A's upload: %d %s", res.StatusCode, body)
	}
	subA, _ := st.Submission(1)
	if len(subA.Evidence) != 1 {
		t.Fatalf("A's evidence: %v", subA.Evidence)
	}
	ref := stdkb.EvidenceRef(subA.Evidence[0])
	bishan, err := os.ReadFile("../content/kb/submissions/bishan-2025-midterm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	smuggled := kbtest.AsJSON(t, []byte(strings.Replace(string(bishan), "evidence: [", "evidence: ["+ref+", ", 1)))
	before, _ := st.Digest()
	if code, body := sendJSON(t, b, "POST", ts.URL+"/api/submissions", smuggled); code != http.StatusBadRequest || !strings.Contains(body, "不能引用") {
		t.Errorf("B's submission naming A's file: %d %s, want 400", code, body)
	}
	if after, _ := st.Digest(); after != before {
		t.Error("the refused submission changed the store")
	}
	if code, _ := sendJSON(t, b, "POST", ts.URL+"/api/submissions", kbtest.AsJSON(t, bishan)); code != http.StatusCreated {
		t.Fatalf("B's own submission: %d", code)
	}
	if code, _ := sendJSON(t, b, "PUT", ts.URL+"/api/submissions/2", smuggled); code != http.StatusBadRequest {
		t.Errorf("B's draft updated to name A's file: %d, want 400", code)
	}
	res, body := getWith(t, b, ts.URL+fmt.Sprintf("/assess/2/evidence/%d", subA.Evidence[0]))
	if res.StatusCode != http.StatusNotFound || strings.Contains(body, "secret of A") {
		t.Errorf("A's file through B's submission: %d", res.StatusCode)
	}
}

// An evidence file's original name is kept as metadata whatever its length in bytes, up to a
// cap answered with a message: 80 Chinese characters once exceeded the file system's limit and
// gave a 500.
func TestLongEvidenceNames(t *testing.T) {
	ts, st := authServer(t)
	pilot := login(t, ts, "pilot")
	long := strings.Repeat("机关事务标准化", 12)[:80*3] + ".pdf"
	if res, body := evidenceForm(t, pilot, ts.URL, long, "%PDF-1.4 x"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("80-character name: %d %s", res.StatusCode, body)
	}
	v, _ := st.Submission(1)
	if list, _ := st.SubmissionEvidence(v.ID); len(list) != 1 || list[0].Name != long {
		t.Errorf("stored evidence %+v, want the name kept", list)
	}
	res, body := evidenceForm(t, pilot, ts.URL, strings.Repeat("长", 200)+".pdf", "%PDF-1.4 x")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "文件名有 204 个字") {
		t.Errorf("200-character name: %d, want 400 with a message", res.StatusCode)
	}
}

// A page renamed .pdf is refused; a real PDF is accepted.
func TestEvidenceContentMustMatchItsType(t *testing.T) {
	ts, _ := authServer(t)
	pilot := login(t, ts, "pilot")
	for _, tt := range []struct {
		name, content string
		code          int
	}{
		{"伪装.pdf", "<html><body><script>alert(document.cookie)</script></body></html>", http.StatusBadRequest},
		{"伪装.pdf", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, http.StatusBadRequest},
		{"真的.pdf", "%PDF-1.7\n%%EOF\n", http.StatusSeeOther},
	} {
		if res, _ := evidenceForm(t, pilot, ts.URL, tt.name, tt.content); res.StatusCode != tt.code {
			t.Errorf("%s %.12q: %d, want %d", tt.name, tt.content, res.StatusCode, tt.code)
		}
	}
}

// A file the draft no longer refers to is deleted when the draft is saved without it.
func TestDroppedEvidenceIsDeletedWithTheSave(t *testing.T) {
	ts, st := authServer(t)
	pilot := login(t, ts, "pilot")
	if res, body := evidenceForm(t, pilot, ts.URL, "材料.pdf", "%PDF-1.4 x"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.StatusCode, body)
	}
	v, _ := st.Submission(1)
	id := v.Evidence[0]
	dropped := bytes.Replace(v.Body, []byte(`"`+stdkb.EvidenceRef(id)+`"`), []byte(`"制度文件（纸质）"`), 1)
	if code, body := sendJSON(t, pilot, "PUT", ts.URL+"/api/submissions/1", dropped); code != http.StatusOK {
		t.Fatalf("save without the file: %d %s", code, body)
	}
	if list, _ := st.SubmissionEvidence(1); len(list) != 0 {
		t.Errorf("evidence left after the draft dropped it: %+v", list)
	}
	if res, _ := getWith(t, pilot, ts.URL+fmt.Sprintf("/assess/1/evidence/%d", id)); res.StatusCode != http.StatusNotFound {
		t.Errorf("dropped file still served: %d", res.StatusCode)
	}
}
