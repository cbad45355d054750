"""The notes: the list of sources, a source's page, its text with numbered lines, its file."""

import io

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from initiatives.formatting import citation
from initiatives.models import Mention, SourceDocument
from initiatives.source_text import note_file, numbered_lines, parse_lines, text_lines


class SourceListView(ListView):
    extra_context = {"nav": "sources"}
    template_name = "initiatives/source_list.html"
    context_object_name = "sources"

    def get_queryset(self):
        return SourceDocument.objects.select_related("region").with_counts().newest_first()


class SourceDetailView(DetailView):
    extra_context = {"nav": "sources"}
    template_name = "initiatives/source_detail.html"
    context_object_name = "source"
    queryset = SourceDocument.objects.select_related("region").defer("text")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.object
        mentions = list(
            source.mentions.select_related("initiative", "status").order_by("position", "locator")
        )
        for mention in mentions:
            mention.source = source  # the page's own source: no text fetched per mention
            mention.citation = citation(mention)
        user = self.request.user
        context.update(
            mentions=mentions,
            file=note_file(source),
            # Staff see the source's open warnings: the review queue's share of this note.
            warnings=list(source.warnings.open()) if user.is_staff else None,
        )
        return context


class SourceTextView(DetailView):
    """The note's text with numbered lines (anchors ``#L<n>``); ``?lines=A-B`` highlights."""

    extra_context = {"nav": "sources"}
    template_name = "initiatives/source_text.html"
    context_object_name = "source"
    queryset = SourceDocument.objects.select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.object
        lines = text_lines(source.text)
        selection, lines_error = parse_lines(self.request.GET.get("lines"), len(lines))
        context.update(
            file=note_file(source),
            line_count=len(lines),
            numbered_lines=numbered_lines(lines, selection),
            selection=selection,
            lines_error=lines_error,
            selected_mentions=(Mention.objects.in_lines(source, *selection) if selection else []),
        )
        return context


def source_download(request, slug):
    """The note's file as stored (or its stored text), with the sha256 the pages show."""
    source = get_object_or_404(SourceDocument, slug=slug)
    file = note_file(source)
    return FileResponse(
        io.BytesIO(file.content),
        as_attachment=True,
        filename=file.name,
        content_type=file.content_type,
    )
