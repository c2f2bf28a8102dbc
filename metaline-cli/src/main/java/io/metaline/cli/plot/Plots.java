package io.metaline.cli.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** Writing charts as PNG files, alone or several in a grid. */
public final class Plots {
    private Plots() {}

    static {
        // Charts are drawn off-screen; no display is needed (servers, CI).
        System.setProperty("java.awt.headless", "true");
    }

    public static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf)
    };

    /** Writes {@code charts} side by side, {@code columns} per row, into one PNG. */
    public static void writeGrid(Path file, List<XYChart> charts, int columns) throws IOException {
        if (charts.isEmpty()) throw new IllegalArgumentException("writeGrid: no charts");
        int w = charts.get(0).getWidth(), h = charts.get(0).getHeight();
        int rows = (charts.size() + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(w * Math.min(columns, charts.size()), h * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % columns) * w, (i / columns) * h, null);
        }
        g.dispose();
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(grid, "png", file.toFile());
    }

    public static void write(Path file, XYChart chart) throws IOException {
        writeGrid(file, List.of(chart), 1);
    }
}
