// PreviewStyle.swift — the preview pages' one stylesheet, inline: readable from 390 px phones
// to desktops, and every text colour on its background at WCAG AA contrast (4.5:1 or more;
// the pairs are listed in `--pair-*` comments the tests check).

enum PreviewStyle {
    /// Colour pairs (text, background) the pages use, checked for contrast by the tests.
    static let pairs: [(name: String, foreground: String, background: String)] = [
        ("body", "#1a1a1a", "#ffffff"),
        ("muted", "#4d4d4d", "#ffffff"),
        ("link", "#0b57d0", "#ffffff"),
        ("card", "#1a1a1a", "#f6f7f9"),
        ("done", "#14532d", "#dcfce7"),
        ("open", "#1e3a8a", "#dbeafe"),
        ("overdue", "#7f1d1d", "#fee2e2"),
        ("upcoming", "#3f3f46", "#f4f4f5"),
        ("critical", "#ffffff", "#991b1b"),
        ("high", "#7c2d12", "#ffedd5"),
        ("medium", "#713f12", "#fef9c3"),
        ("low", "#3f3f46", "#f4f4f5"),
        ("holds", "#14532d", "#ffffff"),
        ("fails", "#991b1b", "#ffffff"),
    ]

    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #ffffff; }
        main { max-width: 960px; margin: 0 auto; padding: 16px; }
        h1 { font-size: 1.5rem; margin: 0 0 4px; overflow-wrap: anywhere; }
        h2 { font-size: 1.2rem; margin: 28px 0 8px; border-bottom: 2px solid #d4d4d8; padding-bottom: 4px; }
        h3 { font-size: 1.05rem; margin: 0 0 4px; overflow-wrap: anywhere; }
        a { color: #0b57d0; }
        p, li, td, th, summary, dd { overflow-wrap: break-word; }
        td.id, td.num { white-space: nowrap; }
        td.value { text-align: right; min-width: 5em; }
        code.name { white-space: nowrap; }
        .muted { color: #4d4d4d; }
        .meta { color: #4d4d4d; margin: 0; }
        .cards { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); }
        .card { background: #f6f7f9; color: #1a1a1a; border: 1px solid #d4d4d8; border-radius: 8px; padding: 12px 14px; }
        .card p { margin: 4px 0; }
        .card ul { margin: 4px 0; padding-left: 20px; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 0.8rem; font-weight: 600; white-space: nowrap; }
        .done { color: #14532d; background: #dcfce7; }
        .open { color: #1e3a8a; background: #dbeafe; }
        .overdue { color: #7f1d1d; background: #fee2e2; }
        .upcoming { color: #3f3f46; background: #f4f4f5; }
        .critical { color: #ffffff; background: #991b1b; }
        .high { color: #7c2d12; background: #ffedd5; }
        .medium { color: #713f12; background: #fef9c3; }
        .low { color: #3f3f46; background: #f4f4f5; }
        .phase { margin: 12px 0 20px; }
        .bar { display: flex; height: 12px; border-radius: 6px; overflow: hidden; background: #f4f4f5; border: 1px solid #a1a1aa; margin: 6px 0; }
        .bar span { display: block; height: 100%; }
        .bar .done { background: #15803d; }
        .bar .overdue { background: #b91c1c; }
        .bar .open { background: #1d4ed8; }
        ul.items { list-style: none; padding: 0; margin: 0; }
        ul.items li { padding: 6px 0; border-bottom: 1px solid #e4e4e7; }
        details { margin-top: 6px; }
        summary { cursor: pointer; color: #0b57d0; }
        .why ul { margin: 4px 0; padding-left: 18px; }
        .why code, code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.88rem; overflow-wrap: anywhere; }
        .holds { color: #14532d; font-weight: 700; }
        .fails { color: #991b1b; font-weight: 700; }
        .table { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e4e4e7; vertical-align: top; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        svg { max-width: 100%; height: auto; display: block; }
        .charts { display: grid; gap: 16px; grid-template-columns: 1fr; }
        figure { margin: 0; }
        footer { margin: 32px 0 8px; color: #4d4d4d; font-size: 0.85rem; }
        """
}
