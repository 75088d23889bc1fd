package units

import "testing"

func TestString(t *testing.T) {
	tests := []struct {
		l    Length
		want string
	}{
		{Pt(10.5), "10.5pt"},
		{Pt(0), "0pt"},
		{In(1), "72pt"},
		{Mm(25.4), "72pt"},
		{Pt(-3.333), "-3.33pt"},
	}
	for _, tc := range tests {
		if got := tc.l.String(); got != tc.want {
			t.Errorf("Length(%d).String() = %q, want %q", int64(tc.l), got, tc.want)
		}
	}
}

func TestScale(t *testing.T) {
	if got, want := Pt(10).Scale(1.5), Pt(15); got != want {
		t.Errorf("Pt(10).Scale(1.5) = %v, want %v", got, want)
	}
}
