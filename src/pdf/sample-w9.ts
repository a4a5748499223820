import PDFDocument from 'pdfkit';

/** A sample vendor W-9 (request for taxpayer identification), for the demo document centre. */
export function sampleW9Pdf(vendor = 'Corporate Billing Vendor Inc.'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 56, info: { Title: 'Form W-9 (sample)', Author: vendor } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(20).text('Form W-9 (sample)', { align: 'left' });
    doc.moveDown(0.5).fontSize(11).text('Request for Taxpayer Identification Number and Certification');
    doc.moveDown();
    const rows: Array<[string, string]> = [
      ['Name', vendor],
      ['Federal tax classification', 'C corporation'],
      ['Address', '100 Example Avenue, Suite 200, Springfield, IL 62701'],
      ['Taxpayer Identification Number', '00-0000000 (sample)'],
    ];
    for (const [label, value] of rows)
      doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
    doc.moveDown().fontSize(9).text('This is a sample document for demonstration. It is not a valid tax form.');
    doc.end();
  });
}
