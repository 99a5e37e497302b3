//! The demo documents: tiny but valid one-page PDFs.

/// A tiny but valid one-page PDF showing `title` and `lines` (Latin-1 text, Helvetica).
pub fn demo_pdf(title: &str, lines: &[&str]) -> Vec<u8> {
    fn pdf_string(text: &str) -> String {
        let mut out = String::from("(");
        for c in text.chars() {
            match c {
                '(' | ')' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
                c if (c as u32) <= 0xFF => out.push_str(&format!("\\{:03o}", c as u32)),
                _ => out.push('?'),
            }
        }
        out.push(')');
        out
    }
    let mut content = format!("BT /F1 16 Tf 56 780 Td {} Tj ET\n", pdf_string(title));
    for (i, line) in lines.iter().enumerate() {
        content.push_str(&format!(
            "BT /F1 11 Tf 56 {} Td {} Tj ET\n",
            744 - 18 * i as i64,
            pdf_string(line)
        ));
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{obj}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_pdf_is_a_pdf_with_a_valid_xref() {
        let pdf = demo_pdf("Personbevis (test)", &["Åsa Öberg"]);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[startxref..].starts_with(b"xref"));
        // Each xref offset points at its object.
        let tail = String::from_utf8(pdf[startxref..].to_vec()).unwrap();
        for (i, line) in tail.lines().skip(3).take(5).enumerate() {
            let off: usize = line[..10].parse().unwrap();
            assert!(pdf[off..].starts_with(format!("{} 0 obj", i + 1).as_bytes()));
        }
        assert!(text.contains("\\305sa \\326berg"));
        assert!(text.contains("\\(test\\)"));
    }
}
