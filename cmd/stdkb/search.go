package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"stdkb"
	"stdkb/indexer"
	"stdkb/kb"
)

// EnvData names the environment variable holding the data directory.
const EnvData = "STDKB_DATA"

// dataDir chooses the data directory: the flag, else $STDKB_DATA, else the user's data home.
func dataDir(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if d := os.Getenv(EnvData); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "stdkb"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("没有数据目录：请用 --data DIR 指定或设置环境变量 %s", EnvData)
	}
	return filepath.Join(home, ".local", "share", "stdkb"), nil
}

func cmdIndex(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	contentDir := contentFlag(fs)
	data := dataFlag(fs)
	rebuild := fs.Bool("rebuild", false, "即使内容未变也重建")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	app, done, err := openApp(ctx, e, appOptions{content: *contentDir, data: *data, rebuild: *rebuild})
	if err != nil {
		return err
	}
	defer done()
	hash, err := app.IndexReady(ctx, admin(currentUser()))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "索引已就绪：内容 %.12s\n", hash)
	return nil
}

func cmdSearch(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	contentDir := contentFlag(fs)
	data := dataFlag(fs)
	asJSON := fs.Bool("json", false, "每个查询输出一个 JSON 对象")
	limit := fs.Int("limit", kb.DefaultSearchLimit, "每页结果数")
	page := fs.Int("page", 1, "页码")
	typ := fs.String("type", "", "standard（标准）、regulation（制度）、checklist（检查表）或 indicator（指标）")
	domain := fs.String("domain", "", "体系编码，包括其下级分支")
	level := fs.String("level", "", "级别，例如 地方")
	status := fs.String("status", "", "状态，例如 现行")
	region := fs.String("region", "", "本市、国家 或 外省参考（其他省份的文件，仅供参考）")
	unit := fs.String("unit", "", "只含该单位自有和采用的文件（编号或名称）")
	asOf := fs.String("asof", "", "只含该日期（YYYY-MM-DD）有效的版本")
	sortBy := fs.String("sort", "relevance", "relevance（相关度）或 date（日期）")
	group := fs.Bool("group", false, "每份文件只显示一条结果")
	flat := fs.Bool("flat", false, "只按得分排列章节：一份文件可能占满一页，引用其他章节的章节不折叠到被引用章节之下")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageError{"需要给出查询词，或用 - 从标准输入逐行读取查询"}
	}
	req := kb.SearchRequest{Type: *typ, Domain: *domain, Level: *level, Status: *status, Region: *region, Unit: *unit,
		Page: *page, Limit: *limit, Sort: *sortBy, Group: *group, Flat: *flat}
	if req.AsOf, err = optionalDate("asof", *asOf, stdkb.Date{}); err != nil {
		return err
	}
	app, done, err := openApp(ctx, e, appOptions{content: *contentDir, data: *data, readOnly: true})
	if err != nil {
		return err
	}
	defer done()
	search := func(req kb.SearchRequest) (*kb.SearchResult, error) {
		res, err := app.Search(ctx, admin(currentUser()), req)
		if errors.Is(err, indexer.ErrLocked) {
			dir, _ := dataDir(*data)
			return nil, heldError(dir, filepath.Join(dir, "index"), err)
		}
		return res, err
	}
	if len(rest) == 1 && rest[0] == "-" {
		return searchLines(e, search, req)
	}
	req.Query = strings.Join(rest, " ")
	res, err := app.SearchPage(ctx, admin(currentUser()), req)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSONLine(e.stdout, res.SearchResult)
	}
	printResult(e.stdout, res)
	return nil
}

// searchLines answers one query per input line with one JSON object per output line. A bad
// query yields {"query":…,"error":…} on its line and the run goes on.
func searchLines(e *env, search func(kb.SearchRequest) (*kb.SearchResult, error), base kb.SearchRequest) error {
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	failed := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		req := base
		req.Query = line
		res, err := search(req)
		if err != nil {
			failed = true
			if err := writeJSONLine(e.stdout, map[string]string{"query": line, "error": stdkb.ErrorMessage(err)}); err != nil {
				return err
			}
			continue
		}
		if err := writeJSONLine(e.stdout, res); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("读取查询：%w", err)
	}
	if failed {
		return exitError{1}
	}
	return nil
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printResult shows hits for a terminal: marks become 【】.
func printResult(w io.Writer, res *kb.SearchPage) {
	marks := strings.NewReplacer("<mark>", "【", "</mark>", "】", "&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'")
	if res.Groups != nil {
		fmt.Fprintf(w, "共 %d 条结果，%d 个文件版本（%.1f ms）\n", res.Total, *res.Groups, res.TookMS)
	} else {
		fmt.Fprintf(w, "共 %d 条结果（%.1f ms）\n", res.Total, res.TookMS)
	}
	for i, h := range res.Hits {
		title := h.Title
		if h.Sample {
			title = "【示例】" + title
		}
		if h.Number != "" {
			title += " " + h.Number
		}
		fmt.Fprintf(w, "\n%d. %s\n   %s  [%s]\n   %s\n", (res.Page-1)*res.Limit+i+1, title, h.Heading, h.ID, marks.Replace(h.Snippet))
		var quotes []string
		for _, id := range h.Quotes {
			if q, ok := res.Quotes[id]; ok {
				quotes = append(quotes, "《"+q.Title+"》"+q.Heading)
			}
		}
		if len(quotes) > 0 {
			fmt.Fprintf(w, "   另见：%s 引用此条\n", strings.Join(quotes, "、"))
		}
		if h.More > 0 {
			fmt.Fprintf(w, "   本文件其他 %d 处：stdkb search %q\n", h.More, res.Query+" doc:"+h.DocID)
		}
	}
	if len(res.Hits) == 0 && len(res.Suggestions) > 0 {
		var terms []string
		for _, s := range res.Suggestions {
			terms = append(terms, s.Term)
		}
		fmt.Fprintf(w, "没有找到结果。试试：%s\n", strings.Join(terms, "、"))
	}
}
