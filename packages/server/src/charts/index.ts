/**
 * Charts rendered to SVG on the server with Apache ECharts' server-side renderer (no DOM, no
 * browser, no script on the page): every page that draws a figure calls this module. A chart is
 * an image with a name (role="img", aria-label); the page puts the same figures in a table beside
 * it, which is what screen readers and the exports use. It scales to its container (viewBox), so
 * it never makes a narrow screen scroll sideways.
 */
import * as echarts from "echarts";

export interface Bar {
  label: string;
  /** null: not shown (suppressed); drawn as a gap with `missingLabel`. */
  value: number | null;
}

export interface BarChart {
  /** The chart's accessible name: what it shows and where the figures are. */
  title: string;
  bars: readonly Bar[];
  /** Written on a bar that is not shown, e.g. "–". */
  missingLabel: string;
  width?: number;
  height?: number;
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** A horizontal bar chart (long category names stay readable) as an SVG string. */
export function barChartSvg(spec: BarChart): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? Math.max(120, 36 * spec.bars.length + 40);
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: "system-ui, sans-serif", color: "#1a1a1a", fontSize: 14 },
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: "value", minInterval: 1, axisLabel: { color: "#1a1a1a" } },
      yAxis: {
        type: "category",
        inverse: true,
        data: spec.bars.map((b) => b.label),
        axisLabel: { color: "#1a1a1a", width: 200, overflow: "truncate" },
      },
      series: [
        {
          type: "bar",
          data: spec.bars.map((b) => b.value ?? 0),
          itemStyle: { color: "#0b4a6f" },
          label: {
            show: true,
            position: "right",
            color: "#1a1a1a",
            formatter: (p: { dataIndex: number }) => {
              const v = spec.bars[p.dataIndex]?.value;
              return v === null || v === undefined ? spec.missingLabel : String(v);
            },
          },
        },
      ],
    });
    const svg = chart.renderToSVGString();
    // Scale with the container (the renderer writes a viewBox), and name the image.
    return svg.replace(
      /^<svg([^>]*?) width="\d+" height="\d+"/,
      `<svg$1 class="svg-chart" role="img" aria-label="${escapeAttr(spec.title)}"`,
    );
  } finally {
    chart.dispose();
  }
}
