package server

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"stdkb"
)

//go:embed static
var staticFiles embed.FS

func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	root := r
	r.Use(middleware.RequestID, s.accessLog, s.recoverer, securityHeaders, s.limitBody)

	r.With(s.sessions.LoadAndSave).Get("/healthz", s.healthz)
	static, _ := fs.Sub(staticFiles, "static")
	r.Handle("/static/*", noListing(http.StripPrefix("/static/", http.FileServer(http.FS(static)))))

	r.Route("/api", func(r chi.Router) {
		r.Use(s.sessions.LoadAndSave, s.apiAuth)
		r.Get("/search", s.apiSearch)
		r.Get("/documents", s.apiDocuments)
		r.Get("/documents/{id}", s.apiDocument)
		r.Get("/documents/{id}/history", s.apiHistory)
		r.Get("/documents/{id}/editions/{edition}", s.apiDocument)
		r.Get("/diff", s.apiDiff)
		r.Get("/framework", s.apiFramework)
		r.Get("/units", s.apiUnits)
		r.Get("/experts", s.apiExperts)
		r.Get("/experts/suggest", s.apiSuggestPanel)
		r.Get("/units/{id}", s.apiUnit)
		r.Get("/units/{id}/bundle.tar.gz", s.unitBundle)
		r.Get("/volume", s.volume)
		r.Get("/systable", s.systemTableDownload)
		r.Get("/reviews/due", s.apiReviewsDue)
		r.Get("/reviews/rate", s.apiReviewRate)
		r.Get("/reviews/ledger", s.apiLedger)
		r.Get("/reviews/ledger.csv", s.apiLedgerExport)
		r.Get("/reviews/ledger.xlsx", s.apiLedgerExport)
		r.Get("/checklists", s.apiChecklists)
		r.Get("/checklists/{id}", s.apiChecklist)
		r.Get("/indicators", s.apiIndicators)
		r.With(s.bodyLimit(MaxAssessBytes)).Post("/assess", s.apiAssess)
		s.submissionRoutes(r)
		s.tokenRoutes(r)
		r.NotFound(func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusNotFound, stdkb.ENOTFOUND, "没有这个接口。", nil)
		})
		r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allowed(root, r.URL.Path))
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "此接口不接受 "+r.Method+" 请求。", nil)
		})
	})

	r.Group(func(r chi.Router) {
		r.Use(s.limitLogin, s.sessions.LoadAndSave, s.csrf, s.loadUser)
		r.Get("/", s.uiHome)
		r.Get("/search", s.uiSearch)
		r.Get("/docs/{id}", s.uiDocument)
		r.Get("/docs/{id}/{edition}", s.uiDocument)
		r.Get("/diff", s.uiDiff)
		r.Get("/reviews", s.uiReviews)
		r.Get("/reviews/policy", s.uiReviewPolicy)
		r.Post("/reviews/record", s.uiRecordReview)
		r.Get("/indicators", s.uiIndicators)
		r.Get("/checklists", s.uiChecklists)
		r.Get("/units", s.uiUnits)
		r.Get("/experts", s.uiExperts)
		r.Post("/experts", s.uiAddExpert)
		r.Get("/draft", s.uiDraftForm)
		r.Post("/draft", s.uiDraft)
		r.Post("/draft/download", s.uiDraftDownload)
		r.Get("/units/{id}", s.uiUnits)
		r.Get("/volume", s.uiVolume)
		r.Get("/assess", s.uiAssessList)
		r.Get("/assess/new", s.uiAssessForm)
		r.Post("/assess/save", s.uiAssessSave)
		r.Get("/assess/compare", s.uiAssessCompare)
		r.Get("/assess/samples/{name}", s.uiAssessSample)
		r.Get("/assess/{id}", s.uiAssessView)
		r.Get("/assess/{id}/edit", s.uiAssessForm)
		r.Get("/assess/{id}/confirm", s.uiAssessConfirm)
		r.Post("/assess/{id}/submit", s.uiAssessSubmit)
		r.Post("/assess/{id}/review", s.uiAssessReview)
		r.Get("/assess/{id}/report.xlsx", s.uiAssessExport)
		r.Get("/assess/{id}/evidence/{name}", s.uiEvidence)
		r.Get("/admin", s.uiAdmin)
		r.Post("/admin/reload", s.uiAdminReload)
		r.Post("/admin/users", s.uiAddUser)
		r.Get("/admin/users/{name}", s.uiUser)
		r.Post("/admin/users/{name}/{action}", s.uiUserAction)
		r.Get("/admin/bundles", s.uiBundles)
		r.Post("/admin/bundles", s.uiBundleUpload)
		r.Post("/admin/bundles/confirm", s.uiBundleConfirm)
		r.Get("/systable", s.uiSystemTable)
		r.Get("/systable/download", s.systemTableDownload)
		r.Get("/login", s.uiLogin)
		r.Post("/login", s.uiLoginPost)
		r.Post("/logout", s.uiLogout)
		r.NotFound(s.uiNotFound)
	})
	return r
}

// noListing answers 404 for directories, so the file server never lists one.
func noListing(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || path.Ext(r.URL.Path) == "" {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowed lists the methods the router serves path with, for a 405's Allow header (chi sets
// it only with its own 405 handler).
func allowed(router chi.Routes, path string) string {
	var methods []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if router.Match(chi.NewRouteContext(), m, path) {
			methods = append(methods, m)
		}
	}
	return strings.Join(methods, ", ")
}
