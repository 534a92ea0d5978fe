package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/spf13/cobra"

	"github.com/portalscan/portalscan/crawler"
	"github.com/portalscan/portalscan/store"
)

// nextRun computes when a schedule is due after t: "every" is a Go duration (at least a
// minute) or a standard five-field cron expression (or @daily, @hourly …).
func nextRun(every string, t time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(every); err == nil {
		if d < time.Second {
			return time.Time{}, fmt.Errorf("--every %s: too short", every)
		}
		return t.Add(d), nil
	}
	sched, err := cron.ParseStandard(every)
	if err != nil {
		return time.Time{}, fmt.Errorf("--every %q: neither a duration (24h) nor a cron expression (0 3 * * *): %v", every, err)
	}
	return sched.Next(t), nil
}

func newScheduleCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "schedule", Short: "Recurring scans run by 'portalscan daemon'"}
	f := &scanFlags{}
	var every string
	add := &cobra.Command{
		Use:   "add URL --every 24h|CRON",
		Short: "Scan URL on a schedule (scan flags are stored with it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if every == "" {
				return usageError{errors.New("--every is required (a duration such as 24h, or a cron expression)")}
			}
			if len(f.HeaderArgs)+len(f.CookieArgs) > 0 {
				return usageError{errors.New("a schedule never stores credentials: give them as --header-file/--cookie-file or $PORTALSCAN_HEADERS/$PORTALSCAN_COOKIES in the daemon's environment")}
			}
			if _, err := f.options(); err != nil {
				return err
			}
			id, err := crawler.PortalID(args[0])
			if err != nil {
				return usageError{err}
			}
			now := time.Now().UTC()
			next, err := nextRun(every, now)
			if err != nil {
				return usageError{err}
			}
			raw, _ := json.Marshal(f)
			st, err := g.openStore()
			if err != nil {
				return err
			}
			// The first run is due at once: a schedule starts with a baseline.
			if err := st.PutSchedule(store.Schedule{Portal: id, URL: args[0], Every: every, Options: raw, Created: now, NextRun: now}); err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "scheduled %s every %s (first run when the daemon next looks; then about %s)\n", id, every, next.Local().Format("2006-01-02 15:04"))
			return nil
		},
	}
	addScanFlags(add, f)
	add.Flags().StringVar(&every, "every", "", "interval (24h) or cron expression (\"0 3 * * *\")")
	list := &cobra.Command{
		Use: "list", Short: "List schedules", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := g.openStoreRead()
			if errors.Is(err, store.ErrNotFound) {
				fmt.Fprintln(g.stdout, "no schedules")
				return nil
			}
			if err != nil {
				return err
			}
			scs, err := st.Schedules()
			if err != nil {
				return err
			}
			if len(scs) == 0 {
				fmt.Fprintln(g.stdout, "no schedules")
			}
			for _, sc := range scs {
				last := "never"
				if !sc.LastRun.IsZero() {
					last = sc.LastRun.Local().Format("2006-01-02 15:04")
				}
				fmt.Fprintf(g.stdout, "%s  every %s  next %s  last %s %s\n", sc.Portal, sc.Every, sc.NextRun.Local().Format("2006-01-02 15:04"), last, sc.LastErr)
			}
			return nil
		},
	}
	remove := &cobra.Command{
		Use: "remove PORTAL", Short: "Remove a portal's schedule", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := crawler.PortalID(args[0])
			if err != nil {
				return usageError{err}
			}
			st, err := g.openStore()
			if err != nil {
				return err
			}
			if err := st.DeleteSchedule(id); err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "removed the schedule of %s\n", id)
			return nil
		},
	}
	cmd.AddCommand(add, list, remove)
	return cmd
}

func newDaemonCmd(g *globals) *cobra.Command {
	var concurrency int
	var poll time.Duration
	var keep int
	cmd := &cobra.Command{
		Use:   "daemon",
		Short: "Run scheduled scans until SIGTERM or Ctrl-C",
		Long: `Run due scans: one per portal at a time, at most --concurrency at once. A failing portal
is logged and retried at its next time. After downtime a missed run happens once. On SIGTERM
the scans in flight are stopped and recorded as incomplete, and the daemon exits 0.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if concurrency < 1 || poll <= 0 || keep < 0 {
				return usageError{errors.New("--concurrency must be at least 1, --poll positive, --keep not negative")}
			}
			st, err := g.openStore()
			if err != nil {
				return err
			}
			return runDaemon(cmd.Context(), g, st, concurrency, poll, keep)
		},
	}
	cmd.Flags().IntVar(&concurrency, "concurrency", 2, "scans at once across all portals")
	cmd.Flags().DurationVar(&poll, "poll", 30*time.Second, "how often to look for due scans")
	cmd.Flags().IntVar(&keep, "keep", 0, "keep the snapshots of this many newest crawls per portal (0: keep all)")
	return cmd
}

func runDaemon(ctx context.Context, g *globals, st *store.Store, concurrency int, poll time.Duration, keep int) error {
	g.log.Info().Int("concurrency", concurrency).Dur("poll", poll).Msg("daemon started")
	sem := make(chan struct{}, concurrency)
	var mu sync.Mutex
	running := map[string]bool{}
	var wg sync.WaitGroup
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		scs, err := st.Schedules()
		if err != nil {
			// A busy store (another writer) is not fatal to a long-running daemon.
			g.log.Warn().Err(err).Msg("cannot read schedules; will retry")
		}
		now := time.Now().UTC()
		for _, sc := range scs {
			mu.Lock()
			busy := running[sc.Portal]
			mu.Unlock()
			if busy || sc.NextRun.After(now) {
				continue
			}
			select {
			case sem <- struct{}{}:
			default:
				continue // all slots taken; due scans wait for the next look
			}
			mu.Lock()
			running[sc.Portal] = true
			mu.Unlock()
			wg.Add(1)
			go func(sc store.Schedule) {
				defer wg.Done()
				defer func() { <-sem; mu.Lock(); delete(running, sc.Portal); mu.Unlock() }()
				runScheduled(ctx, g, st, sc, keep)
			}(sc)
		}
		select {
		case <-ctx.Done():
			g.log.Info().Msg("stopping: waiting for scans in flight to wind down")
			wg.Wait()
			g.log.Info().Msg("daemon stopped")
			return nil
		case <-tick.C:
		}
	}
}

func runScheduled(ctx context.Context, g *globals, st *store.Store, sc store.Schedule, keep int) {
	log := g.log.With().Str("portal", sc.Portal).Logger()
	f := &scanFlags{}
	_ = json.Unmarshal(sc.Options, f)
	if f.MaxPages == 0 {
		// Older or hand-written schedules: fall back to the scan defaults.
		tmp := newScanCmd(g)
		f = &scanFlags{}
		addScanFlags(tmp, f)
	}
	f.NoProgress = true
	started := time.Now().UTC()
	var scanErr error
	var crawlID uint64
	opts, err := f.options()
	if err != nil {
		scanErr = err
	} else {
		log.Info().Str("url", sc.URL).Msg("scheduled scan started")
		e, err := scanPortal(ctx, g, st, sc.URL, opts, f)
		scanErr = err
		if e != nil {
			crawlID = e.Crawl.ID
		}
	}
	if ctx.Err() != nil {
		log.Info().Msg("scheduled scan abandoned at shutdown; it runs again when the daemon restarts")
		return
	}
	sc.LastRun, sc.LastErr, sc.LastScan = started, "", crawlID
	if scanErr != nil {
		sc.LastErr = scanErr.Error()
		log.Error().Err(scanErr).Msg("scheduled scan failed")
	} else {
		log.Info().Uint64("crawl", crawlID).Msg("scheduled scan finished")
	}
	// Next run from now, not from the missed time: after downtime a missed run happens once.
	next, err := nextRun(sc.Every, time.Now().UTC())
	if err != nil {
		log.Error().Err(err).Msg("schedule is invalid; removing it")
		_ = st.DeleteSchedule(sc.Portal)
		return
	}
	sc.NextRun = next
	if err := st.PutSchedule(sc); err != nil {
		log.Error().Err(err).Msg("cannot record the schedule's next run")
	}
	if keep > 0 {
		if err := applyRetention(st, sc.Portal, keep); err != nil {
			log.Warn().Err(err).Msg("retention")
		}
	}
}

// applyRetention drops the snapshots of all but the newest keep crawls of a portal;
// assessments stay, and the latest complete crawl's snapshot is never dropped.
func applyRetention(st *store.Store, portal string, keep int) error {
	crawls, err := st.Crawls(portal)
	if err != nil {
		return err
	}
	kept := 0
	for _, c := range crawls {
		if c.Status == store.CrawlRunning {
			continue
		}
		has, err := st.HasSnapshot(c.ID)
		if err != nil || !has {
			continue
		}
		if kept < keep {
			kept++
			continue
		}
		if err := st.DeleteSnapshot(c.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
}

func newStoreCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "store", Short: "Store maintenance"}
	var keep int
	compact := &cobra.Command{
		Use:   "compact",
		Short: "Apply --keep retention and rewrite the store file to reclaim space",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if keep < 0 {
				return usageError{errors.New("--keep must not be negative")}
			}
			st, err := g.openStoreRead()
			if err != nil {
				return err
			}
			if keep > 0 {
				ps, err := st.Portals()
				if err != nil {
					return err
				}
				for _, p := range ps {
					if err := applyRetention(st, p.ID, keep); err != nil {
						return err
					}
				}
			}
			before, after, err := st.Compact()
			if err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "compacted %s: %d -> %d bytes\n", st.Path(), before, after)
			return nil
		},
	}
	compact.Flags().IntVar(&keep, "keep", 0, "keep the snapshots of this many newest crawls per portal (0: keep all)")
	cmd.AddCommand(compact)
	return cmd
}
