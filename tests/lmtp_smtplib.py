#!/usr/bin/env python3
"""Delivers every mail of an mbox to an LMTP unix socket with Python's
smtplib.LMTP (a client none of us wrote), one recipient each, and writes
the same mails, LF line endings, as NNN.eml files into OUT_DIR so the test
can pipe them to `pwingest ingest` and compare the records.

usage: lmtp_smtplib.py SOCKET MBOX OUT_DIR   (prints the number delivered)
"""
import os
import re
import smtplib
import sys


def split_mbox(data):
    """Splits on `From ` lines (Python mailbox.mbox style); drops them."""
    mails, current = [], None
    for line in data.splitlines(keepends=True):
        if line.startswith(b"From "):
            if current is not None:
                mails.append(b"".join(current))
            current = []
        elif current is not None:
            current.append(line)
    if current:
        mails.append(b"".join(current))
    return mails


def normalise(mail):
    # smtplib turns every \r\n, \n and lone \r into CRLF; give the pipe the
    # same lines with LF, ending in a newline.
    mail = re.sub(rb"\r\n|\r(?!\n)", b"\n", mail)
    return mail if mail.endswith(b"\n") else mail + b"\n"


def main():
    socket_path, mbox, out_dir = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    with open(mbox, "rb") as f:
        mails = [normalise(m) for m in split_mbox(f.read())]
    client = smtplib.LMTP(socket_path)
    client.ehlo_or_helo_if_needed()
    for i, mail in enumerate(mails):
        with open(os.path.join(out_dir, "%03d.eml" % i), "wb") as f:
            f.write(mail)
        refused = client.sendmail("sender@example.org", ["patches@lists.example"], mail)
        if refused:
            sys.exit("refused: %r" % refused)
    client.quit()
    print(len(mails))


if __name__ == "__main__":
    main()
