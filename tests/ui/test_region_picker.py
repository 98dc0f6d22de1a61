"""The region is picked by municipality name or a whole safety region, never typed as codes."""

from __future__ import annotations

from carecoord.domain.municipalities import municipalities, municipalities_in_safety_region
from ui.region_picker import RegionPicker


def test_tick_a_safety_region_and_filter(qtbot) -> None:  # type: ignore[no-untyped-def]
    picker = RegionPicker()
    qtbot.addWidget(picker)
    assert picker.codes() == ()
    assert picker.list.count() == len(municipalities())
    picker.safety_region.setCurrentIndex(picker.safety_region.findData("VR01"))
    picker.tick_region.click()
    expected = municipalities_in_safety_region("VR01")
    assert picker.codes() == tuple(sorted(expected)) and expected
    assert str(len(expected)) in picker.summary.text()

    picker.filter.setText("rotterdam")
    shown = [
        picker.list.item(i)
        for i in range(picker.list.count())
        if not picker.list.item(i).isHidden()
    ]
    assert [item.text() for item in shown] == ["Rotterdam"]
    picker.set_codes(("GM0599",))
    assert picker.codes() == ("GM0599",)
