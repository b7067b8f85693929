//! Bar charts drawn as inline SVG on the server (no script, no style attributes: colours
//! come from CSS classes, so the CSP can forbid inline style).

use maud::{Markup, html};

/// How many series a stacked chart colours apart; the rest are summed as "other".
pub(crate) const MAX_SERIES: usize = 6;

/// One bar of a horizontal bar chart.
pub(crate) struct Bar {
    pub label: String,
    pub href: Option<String>,
    pub value: usize,
}

const LABEL_WIDTH: usize = 150;
const CHART_WIDTH: usize = 560;
const ROW_HEIGHT: usize = 24;

/// Horizontal bars, longest first as given, each labelled and counted.
pub(crate) fn horizontal_bars(title: &str, bars: &[Bar]) -> Markup {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let span = CHART_WIDTH - LABEL_WIDTH - 40;
    let height = bars.len() * ROW_HEIGHT + 4;
    html! {
        @if bars.is_empty() {
            p.muted { "Nothing to chart yet." }
        } @else {
            svg.chart viewBox=(format!("0 0 {CHART_WIDTH} {height}")) role="img" aria-label=(title) {
                title { (title) }
                @for (i, bar) in bars.iter().enumerate() {
                    @let y = i * ROW_HEIGHT;
                    @let width = (bar.value * span).div_ceil(max);
                    g {
                        title { (bar.label) ": " (bar.value) }
                        text.label x=(LABEL_WIDTH - 8) y=(y + 16) text-anchor="end" {
                            (truncate(&bar.label, 22))
                        }
                        @if let Some(href) = &bar.href {
                            a href=(href) {
                                rect.bar.s0 x=(LABEL_WIDTH) y=(y + 4) width=(width) height=(ROW_HEIGHT - 8) rx="2" {}
                            }
                        } @else {
                            rect.bar.s0 x=(LABEL_WIDTH) y=(y + 4) width=(width) height=(ROW_HEIGHT - 8) rx="2" {}
                        }
                        text.value x=(LABEL_WIDTH + width + 6) y=(y + 16) { (bar.value) }
                    }
                }
            }
        }
    }
}

/// One column of a stacked column chart: a label and one value per series.
pub(crate) struct Column {
    pub label: String,
    pub values: Vec<usize>,
}

const COLUMNS_HEIGHT: usize = 180;
const AXIS: usize = 22;

/// Stacked columns (one per period), series coloured by class `s0`..`s5`, with a legend.
pub(crate) fn stacked_columns(title: &str, series: &[String], columns: &[Column]) -> Markup {
    let max = columns
        .iter()
        .map(|c| c.values.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let slot = (CHART_WIDTH / columns.len().max(1)).clamp(24, 80);
    let width = (slot * columns.len()).max(CHART_WIDTH);
    let plot = COLUMNS_HEIGHT - AXIS - 14;
    html! {
        @if columns.is_empty() {
            p.muted { "Nothing to chart yet." }
        } @else {
            svg.chart viewBox=(format!("0 0 {width} {COLUMNS_HEIGHT}")) role="img" aria-label=(title) {
                title { (title) }
                line.axis x1="0" x2=(width) y1=(COLUMNS_HEIGHT - AXIS) y2=(COLUMNS_HEIGHT - AXIS) {}
                @for (i, col) in columns.iter().enumerate() {
                    @let x = i * slot + slot / 6;
                    @let bar_width = slot * 2 / 3;
                    @let total: usize = col.values.iter().sum();
                    g {
                        title { (col.label) ": " (total) }
                        @for (k, segment) in stack(&col.values, max, plot).into_iter().enumerate() {
                            @if let Some((top, h)) = segment {
                                rect class=(format!("bar s{}", k.min(MAX_SERIES))) x=(x) y=(COLUMNS_HEIGHT - AXIS - top) width=(bar_width) height=(h) {
                                    title { (series.get(k).map(String::as_str).unwrap_or("other")) ", " (col.label) ": " (col.values[k]) }
                                }
                            }
                        }
                        text.value x=(x + bar_width / 2) y=(COLUMNS_HEIGHT - AXIS - stacked_height(total, max, plot) - 4) text-anchor="middle" { (total) }
                        text.label x=(x + bar_width / 2) y=(COLUMNS_HEIGHT - 6) text-anchor="middle" { (col.label) }
                    }
                }
            }
            ul.legend {
                @for (k, name) in series.iter().enumerate() {
                    li { span class=(format!("swatch s{}", k.min(MAX_SERIES))) {} (name) }
                }
            }
        }
    }
}

/// Pixel height of a value on a plot of `plot` pixels whose top is `max`.
fn stacked_height(value: usize, max: usize, plot: usize) -> usize {
    value * plot / max
}

/// For each series value, the top of its segment above the axis and its height
/// (`None` for zero), stacking upwards in series order.
fn stack(values: &[usize], max: usize, plot: usize) -> Vec<Option<(usize, usize)>> {
    let mut below = 0;
    values
        .iter()
        .map(|&v| {
            let bottom = stacked_height(below, max, plot);
            below += v;
            let top = stacked_height(below, max, plot);
            (v > 0).then_some((top, (top - bottom).max(1)))
        })
        .collect()
}

/// At most `n` characters, with an ellipsis when cut.
fn truncate(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(n - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_stack_upwards_and_skip_zero() {
        assert_eq!(
            stack(&[2, 0, 2], 4, 100),
            vec![Some((50, 50)), None, Some((100, 50))]
        );
    }

    #[test]
    fn bars_scale_to_the_longest_and_escape_labels() {
        let bars = [
            Bar {
                label: "<China>".into(),
                href: Some("/incidents?actor=CN".into()),
                value: 4,
            },
            Bar {
                label: "Russia".into(),
                href: None,
                value: 2,
            },
        ];
        let svg = horizontal_bars("By state", &bars).into_string();
        assert!(svg.contains("&lt;China&gt;"));
        assert!(svg.contains(&format!("width=\"{}\"", CHART_WIDTH - LABEL_WIDTH - 40)));
        assert!(svg.contains("width=\"185\""));
    }
}
