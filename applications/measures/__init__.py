"""The text of the measures (管理办法): its file format (text), its
numerals, and the numbers each version states (numbers)."""
