"""The Streamlit pages of the app; all domain work is done by the drafting package."""
