package server_test

import (
	"context"

	"stdkb/kb"
	"stdkb/server"
)

// testSrv is a front end with the application it serves.
type testSrv struct {
	*server.Server
	app *kb.App
}

// newServer starts an application on cfg and its front end.
func newServer(cfg kb.Config) (*testSrv, error) {
	app, err := kb.New(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	return &testSrv{server.New(server.Config{App: app}), app}, nil
}

func (s *testSrv) Close() error                     { return s.app.Close() }
func (s *testSrv) Reload(ctx context.Context) error { return s.app.Reload(ctx) }
