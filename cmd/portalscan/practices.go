package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
)

type practiceItem struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	FocusArea string   `json:"focus_area"`
	Enabler   string   `json:"enabler"`
	Stage     string   `json:"stage"`
	Mode      string   `json:"mode"`
	Weight    float64  `json:"weight"`
	Lenses    []string `json:"lenses"`
	Personas  []string `json:"personas"`
	AppliesTo []string `json:"applies_to"`
	Detectors []string `json:"detectors"`
	Why       string   `json:"why"`
	Fix       string   `json:"fix"`
}

func toItem(p scoring.Practice) practiceItem {
	return practiceItem{ID: p.ID, Title: p.Title, FocusArea: p.FocusArea, Enabler: p.Enabler, Stage: p.Stage, Mode: p.Mode,
		Weight: p.Weight, Lenses: nonNil(p.Lenses), Personas: nonNil(p.Personas), AppliesTo: nonNil(p.AppliesTo),
		Detectors: nonNil(p.Detectors), Why: p.Why, Fix: p.Fix}
}

func newPracticesCmd(g *globals) *cobra.Command {
	var format, area string
	cmd := &cobra.Command{
		Use:   "practices",
		Short: "List the practices of the maturity model",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			cat, err := scoring.Load()
			if err != nil {
				return err
			}
			if area != "" {
				ok := false
				for _, fa := range cat.FocusAreas {
					ok = ok || fa.ID == area
				}
				if !ok {
					var ids []string
					for _, fa := range cat.FocusAreas {
						ids = append(ids, fa.ID)
					}
					return usageError{fmt.Errorf("--focus-area %q: want one of %s", area, strings.Join(ids, ", "))}
				}
			}
			items := []practiceItem{}
			for _, p := range cat.Practices {
				if area == "" || p.FocusArea == area {
					items = append(items, toItem(p))
				}
			}
			if format == "json" {
				return writeJSON("-", g.stdout, items)
			}
			cur := ""
			for _, it := range items {
				if it.Enabler != cur {
					cur = it.Enabler
					en, _ := cat.Enabler(cur)
					t := cur
					if en != nil {
						t = en.Title
					}
					fmt.Fprintf(g.stdout, "\n%s / %s\n", it.FocusArea, t)
				}
				fmt.Fprintf(g.stdout, "  %-30s %-12s %-8s %s\n", it.ID, it.Stage, it.Mode, it.Title)
			}
			c := cat.Counts()
			fmt.Fprintf(g.stdout, "\n%d practices; by mode %v; by stage %v\n", len(cat.Practices), c["mode"], c["stage"])
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	cmd.Flags().StringVar(&area, "focus-area", "", "only this focus area (id)")
	show := &cobra.Command{
		Use:   "show ID",
		Short: "Explain one practice: what it is, why it matters, how to fix it, what detects it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := scoring.Load()
			if err != nil {
				return err
			}
			p, ok := cat.Practice(args[0])
			if !ok {
				return fmt.Errorf("no practice %q (see 'portalscan practices')", args[0])
			}
			if format == "json" {
				return writeJSON("-", g.stdout, toItem(*p))
			}
			en, _ := cat.Enabler(p.Enabler)
			enTitle := p.Enabler
			if en != nil {
				enTitle = en.Title
			}
			w := g.stdout
			fmt.Fprintf(w, "%s — %s\n", p.ID, p.Title)
			fmt.Fprintf(w, "focus area %s, enabler %s; stage %s, mode %s, weight %g\n", p.FocusArea, enTitle, p.Stage, p.Mode, p.Weight)
			fmt.Fprintf(w, "lenses: %s; personas: %s; applies to: %s\n", list(p.Lenses), list(p.Personas), list(p.AppliesTo))
			fmt.Fprintf(w, "\nWhy it matters: %s\nHow to fix: %s\n", p.Why, p.Fix)
			if p.Hint != "" {
				fmt.Fprintf(w, "Detection hint: %s\n", p.Hint)
			}
			if len(p.Detectors) == 0 {
				fmt.Fprintln(w, "\nNo automatic detector: reported as not observable for review.")
			}
			for _, name := range p.Detectors {
				d, ok := detectors.Lookup(name)
				if !ok {
					continue
				}
				doc := d.Doc()
				fmt.Fprintf(w, "\nDetector %s\n  looks for: %s\n", doc.Name, doc.Looks)
			}
			return nil
		},
	}
	show.Flags().StringVar(&format, "format", "table", "output format: table or json")
	cmd.AddCommand(show)
	return cmd
}

func list(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ", ")
}
