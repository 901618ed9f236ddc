package server

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

//go:embed static
var staticFiles embed.FS

func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, s.accessLog, s.recoverer, securityHeaders, limitBody)

	r.Get("/healthz", s.healthz)
	static, _ := fs.Sub(staticFiles, "static")
	r.Handle("/static/*", http.StripPrefix("/static/", http.FileServer(http.FS(static))))

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
		r.Get("/experts", s.apiReviewer(s.apiExperts))
		r.Get("/experts/suggest", s.apiReviewer(s.apiSuggestPanel))
		r.Get("/units/{id}", s.apiUnit)
		r.Get("/units/{id}/bundle.tar.gz", s.unitBundle)
		r.Get("/volume", s.volume)
		r.Get("/reviews/due", s.apiReviewsDue)
		r.Get("/reviews/rate", s.apiReviewRate)
		r.Get("/reviews/ledger", s.apiLedger)
		r.Get("/reviews/ledger.csv", s.apiLedgerExport)
		r.Get("/reviews/ledger.xlsx", s.apiLedgerExport)
		r.Get("/checklists", s.apiChecklists)
		r.Get("/checklists/{id}", s.apiChecklist)
		r.Get("/indicators", s.apiIndicators)
		r.Post("/assess", s.apiAssess)
		s.submissionRoutes(r)
		r.NotFound(func(w http.ResponseWriter, r *http.Request) {
			writeError(w, r, http.StatusNotFound, "not_found", "no such API endpoint", nil)
		})
		r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
			writeError(w, r, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" is not allowed here", nil)
		})
	})

	r.Group(func(r chi.Router) {
		r.Use(s.sessions.LoadAndSave, s.csrf, s.loadUser)
		r.Get("/", s.uiHome)
		r.Get("/search", s.uiSearch)
		r.Get("/docs/{id}", s.uiDocument)
		r.Get("/docs/{id}/{edition}", s.uiDocument)
		r.Get("/diff", s.uiDiff)
		r.Get("/reviews", s.uiReviews)
		r.Post("/reviews/record", s.requireReviewer(s.uiRecordReview))
		r.Get("/indicators", s.uiIndicators)
		r.Get("/checklists", s.uiChecklists)
		r.Get("/units", s.uiUnits)
		r.Get("/experts", s.requireReviewer(s.uiExperts))
		r.Post("/experts", s.requireAdmin(s.uiAddExpert))
		r.Get("/draft", s.requireReviewer(s.uiDraftForm))
		r.Post("/draft", s.requireReviewer(s.uiDraft))
		r.Post("/draft/download", s.requireReviewer(s.uiDraftDownload))
		r.Get("/units/{id}", s.uiUnits)
		r.Get("/assess", s.requireUser(s.uiAssessList))
		r.Get("/assess/new", s.requireUser(s.uiAssessForm))
		r.Post("/assess/save", s.requireUser(s.uiAssessSave))
		r.Get("/assess/compare", s.requireUser(s.uiAssessCompare))
		r.Get("/assess/{id}", s.requireUser(s.uiAssessView))
		r.Get("/assess/{id}/edit", s.requireUser(s.uiAssessForm))
		r.Post("/assess/{id}/submit", s.requireUser(s.uiAssessSubmit))
		r.Post("/assess/{id}/review", s.requireUser(s.uiAssessReview))
		r.Get("/assess/{id}/report.xlsx", s.requireUser(s.uiAssessExport))
		r.Get("/assess/{id}/evidence/{name}", s.requireUser(s.uiEvidence))
		r.Get("/admin", s.requireAdmin(s.uiAdmin))
		r.Post("/admin/reload", s.requireAdmin(s.uiAdminReload))
		r.Get("/login", s.uiLogin)
		r.Post("/login", s.uiLoginPost)
		r.Post("/logout", s.uiLogout)
		r.NotFound(s.uiNotFound)
	})
	return r
}
