"""Public URLs of the catalogue (DESIGN.md, Web)."""

app_name = "initiatives"
urlpatterns = []
