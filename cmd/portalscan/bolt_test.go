package main

import bolt "go.etcd.io/bbolt"

// bboltOpen holds a store's write lock, as another portalscan process would.
func bboltOpen(path string) (*bolt.DB, error) { return bolt.Open(path, 0o600, nil) }
