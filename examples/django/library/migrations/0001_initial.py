from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Book",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200)),
                ("author", models.CharField(max_length=200)),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="Year of publication (optional).", null=True
                    ),
                ),
                ("added", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["title"]},
        ),
    ]
