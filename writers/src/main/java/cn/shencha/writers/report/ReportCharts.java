package cn.shencha.writers.report;

import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.List;

/**
 * The report's charts, built with JFreeChart in the report font: one small trend chart per finding category over
 * the last 12 weeks, and a horizontal bar chart of open items by unit, stacked by grade. Charts are returned as SVG
 * documents sized in points ({@link SvgCharts}), so the PDF embeds them as vector graphics.
 */
final class ReportCharts {

    static final Color INK = new Color(0x33, 0x33, 0x33);
    static final Color GRID = new Color(0xD9, 0xDC, 0xE1);
    static final Color TREND = new Color(0x2F, 0x55, 0x97);
    static final Color CURRENT_WEEK = new Color(0xB0, 0x1E, 0x23);
    /** 一般, 重要, 特级. */
    static final Color[] GRADE_COLORS = {new Color(0x5B, 0x8F, 0xC9), new Color(0xF0, 0x9A, 0x3E), new Color(0xC8, 0x3A, 0x3A)};

    private ReportCharts() {
    }

    /**
     * A small line chart of one category's findings per week (the axis shows ISO week numbers), titled with the
     * category's Chinese name and the report week's count.
     */
    static JFreeChart trend(Category category, List<WeekTrend> weeks) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (WeekTrend w : weeks) {
            data.addValue(w.byCategory().get(category), "发现问题", Integer.toString(w.week().week()));
        }
        long current = weeks.isEmpty() ? 0 : weeks.getLast().byCategory().get(category);
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(ChartFonts.of(5f));
        x.setTickLabelPaint(INK);
        x.setCategoryMargin(0);
        x.setLowerMargin(0.03);
        x.setUpperMargin(0.03);
        x.setTickMarksVisible(false);
        x.setAxisLinePaint(GRID);
        x.setMaximumCategoryLabelLines(1);
        NumberAxis y = integerAxis(5.5f);
        LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, TREND);
        renderer.setSeriesStroke(0, new BasicStroke(1.2f));
        renderer.setSeriesShape(0, new Ellipse2D.Double(-1.6, -1.6, 3.2, 3.2));
        renderer.setDefaultItemLabelsVisible(false);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        stylePlot(plot);
        JFreeChart chart = new JFreeChart(null, ChartFonts.of(8), plot, false);
        TextTitle title = new TextTitle(category.chineseName() + "（本周 " + current + "）", ChartFonts.of(7.5f));
        title.setPaint(INK);
        title.setHorizontalAlignment(HorizontalAlignment.LEFT);
        title.setPadding(new RectangleInsets(0, 4, 1, 0));
        chart.setTitle(title);
        styleChart(chart);
        return chart;
    }

    /** Open items by unit (most first), stacked by grade; each unit's total follows its name. */
    static JFreeChart openByUnit(List<UnitOpenItems> units) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Importance g : Importance.values()) {
            for (UnitOpenItems u : units) {
                data.addValue(u.open().get(g), g.chineseName(), u.unit() + "（" + u.total() + "）");
            }
        }
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(ChartFonts.of(7.5f));
        x.setTickLabelPaint(INK);
        x.setCategoryMargin(0.35);
        x.setLowerMargin(0.02);
        x.setUpperMargin(0.02);
        x.setTickMarksVisible(false);
        x.setAxisLinePaint(GRID);
        x.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        x.setMaximumCategoryLabelWidthRatio(0.4f);
        NumberAxis y = integerAxis(7f);
        y.setLabel("待审事项（件）");
        y.setLabelFont(ChartFonts.of(7f));
        y.setLabelPaint(INK);
        StackedBarRenderer renderer = new StackedBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.08);
        for (int i = 0; i < GRADE_COLORS.length; i++) {
            renderer.setSeriesPaint(i, GRADE_COLORS[i]);
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        stylePlot(plot);
        JFreeChart chart = new JFreeChart(null, ChartFonts.of(8), plot, true);
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(ChartFonts.of(7f));
        legend.setItemPaint(INK);
        legend.setFrame(BlockBorder.NONE);
        legend.setPosition(RectangleEdge.TOP);
        legend.setHorizontalAlignment(HorizontalAlignment.RIGHT);
        styleChart(chart);
        return chart;
    }

    private static NumberAxis integerAxis(float fontSize) {
        NumberAxis y = new NumberAxis(null);
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setTickLabelFont(ChartFonts.of(fontSize));
        y.setTickLabelPaint(INK);
        y.setAutoRangeIncludesZero(true);
        y.setAutoRangeMinimumSize(4);
        y.setRangeType(org.jfree.data.RangeType.POSITIVE);
        y.setAxisLineVisible(false);
        y.setTickMarksVisible(false);
        return y;
    }

    private static void stylePlot(CategoryPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(0.5f));
        plot.setDomainGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setInsets(new RectangleInsets(2, 2, 2, 4));
    }

    private static void styleChart(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setBorderVisible(false);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(2, 2, 2, 2));
    }
}
