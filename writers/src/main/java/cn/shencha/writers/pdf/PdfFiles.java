package cn.shencha.writers.pdf;

import com.itextpdf.io.source.RandomAccessSourceFactory;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.ReaderProperties;

import java.io.IOException;
import java.nio.file.Path;

/** Opening PDF files for iText. */
public final class PdfFiles {

    private PdfFiles() {
    }

    /**
     * A reader of the file through plain random access. iText would otherwise memory-map the file and unmap it with
     * {@code sun.misc.Unsafe}, which JDK 24 and later warn about on standard error.
     */
    public static PdfReader reader(Path file) throws IOException {
        return new PdfReader(new RandomAccessSourceFactory().setUsePlainRandomAccess(true).createBestSource(file.toString()),
                new ReaderProperties());
    }
}
