"""Small browser-side helpers the pages share (Streamlit components); no page of their own."""
