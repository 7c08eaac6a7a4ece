/** Props of the lazily loaded chart: declared apart from recharts so the main bundle can name them. */
import type { IChartModel } from '../model/chartModel';
import type { IChartLook } from '../../common/chartLook';

/** Props of UsageChart (the default export of the `usage-charts` chunk). */
export interface IUsageChartProps {
  /** What to draw. */
  model: IChartModel;
  /** Colours and strokes from the theme. */
  look: IChartLook;
  /** Plot height in pixels (horizontal bar charts grow with their categories). */
  height: number;
  /** Accessible name: what the chart shows (the table toggle offers the values). */
  title: string;
  /** Fixed width in pixels; measured from the container when omitted. */
  width?: number;
}
