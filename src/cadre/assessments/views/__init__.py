"""Pages: a person's competencies (``person``), tests and attempts (``knowledge_tests``),
the gaps and their heat map (``gaps``), campaigns and feedback (``campaigns``)."""
