// Package stdkb holds the domain model of the standards-and-regulations knowledge base for
// government-affairs administration (机关事务管理): the "3+7N" framework, documents and their
// editions, sections, checklists and indicators.
//
// The model is pure data with the rules that need no outside service. Loading it from markdown
// lives in package content; search, evaluation, storage and presentation are adapters that
// import this package, never the other way round.
package stdkb
