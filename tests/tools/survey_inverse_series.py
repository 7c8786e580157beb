# SPDX-License-Identifier: GPL-2.0-or-later
# How much replacing the Gauss-Kruger inverse series of the survey's rule (the classical
# footpoint-latitude series, terms to y^6, in its textbook form) by PROJ's inverse moves the
# survey's area (gis/survey_area.cpp says why it may). Squares of 1 ha, 100 ha and 10 km2 on the
# CGCS2000 zone of CM 120E, 20, 120 and 160 km east of the meridian at 31.3 N, each measured by the
# rule with both inverses. Run with the system Python (GDAL's bindings): /usr/bin/python3 THIS.
# Measured on Debian 12 (PROJ 9.1): the positions agree to 2e-7 arc-seconds; the areas (before
# the rule's rounding to 2 decimals) to 1e-5 m2 up to 100 ha at 120 km, and to 0.006 m2 at most
# on 100 ha and 10 km2 farther out (a last digit of the 6-decimal arc-seconds rounded the other
# way), a few parts in 1e9.
import math
from osgeo import osr
a=6378137.0; f=1/298.257222101; b=a*(1-f); e2=(a*a-b*b)/(a*a); ep2=(a*a-b*b)/(b*b)
n=(a-b)/(a+b)
def arc(B):
    # meridian arc (Helmert series in n, to n^5)
    A0=a/(1+n)*(1+n**2/4+n**4/64)
    c=[None, -3/2*n+9/16*n**3, 15/16*n**2-15/32*n**4, -35/48*n**3+105/256*n**5, 315/512*n**4]
    return A0*(B + sum(c[k]*math.sin(2*k*B) for k in range(1,5)))
def footpoint(x):
    B=x/a
    for _ in range(50):
        M=a*(1-e2)/(1-e2*math.sin(B)**2)**1.5
        B+= (x-arc(B))/M
    return B
def series_inverse(X, Y, cm):  # X northing, Y easting without prefix/false easting
    y=Y-500000
    Bf=footpoint(X); t=math.tan(Bf); eta2=ep2*math.cos(Bf)**2
    W=math.sqrt(1-e2*math.sin(Bf)**2); N=a/W; M=a*(1-e2)/W**3
    B=Bf - t/(2*M*N)*y**2 + t/(24*M*N**3)*(5+3*t*t+eta2-9*eta2*t*t)*y**4 - t/(720*M*N**5)*(61+90*t*t+45*t**4)*y**6
    l=y/(N*math.cos(Bf)) - y**3/(6*N**3*math.cos(Bf))*(1+2*t*t+eta2) + y**5/(120*N**5*math.cos(Bf))*(5+28*t*t+24*t**4+6*eta2+8*eta2*t*t)
    return math.degrees(B), cm+math.degrees(l)
src=osr.SpatialReference(); src.ImportFromEPSG(4549); src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
geo=osr.SpatialReference(); geo.ImportFromEPSG(4490); geo.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct=osr.CoordinateTransformation(src,geo)
def proj_inverse(X,Y,cm):
    lon,lat,_=ct.TransformPoint(Y,X); return lat,lon
c=[1+e2/2+3*e2**2/8+5*e2**3/16+35*e2**4/128, e2/6+3*e2**2/16+3*e2**3/16+35*e2**4/192, 3*e2**2/80+e2**3/16+5*e2**4/64, e2**3/112+5*e2**4/256, 5*e2**4/2304]
def area(ring, inv, cm=120):
    pts=[]
    for i in range(len(ring)):
        (x1,y1),(x2,y2)=ring[i],ring[(i+1)%len(ring)]
        pts.append((x1,y1)); L=math.hypot(x2-x1,y2-y1)
        k=int(L//70) if L>70 else 0
        for j in range(1,k+1): t=j/(k+1); pts.append((x1+t*(x2-x1),y1+t*(y2-y1)))
    ll=[]
    for (E,Nn) in pts:
        lat,lon=inv(Nn,E,cm); ll.append((round(lat*3600,6),round(lon*3600,6)))
    r=math.pi/648000; s=0
    for i in range(len(ll)):
        (B1,L1),(B2,L2)=ll[i],ll[(i+1)%len(ll)]
        dB=(B2-B1)*r; Bm=(B1+B2)/2*r; dL=((L1+L2)/2-cm*3600)*r
        s+=2*b*b*dL*sum((1 if k%2==0 else -1)*c[k]*math.sin((2*k+1)*dB/2)*math.cos((2*k+1)*Bm) for k in range(5))
    return abs(s)
x0,y0=620000.0,3464920.3853
worst=0
for off in (20000, 120000, 160000):
  for side in (100.0,1000.0,3162.2777):
    x=500000+off
    ring=[(x,y0),(x+side,y0),(x+side,y0+side),(x,y0+side)]
    A=area(ring,proj_inverse); S=area(ring,series_inverse)
    lat,lon=proj_inverse(y0,x,120); lat2,lon2=series_inverse(y0,x,120)
    print(off, side, '%.4f %.4f diff=%.5f  pos diff lat %.2e" lon %.2e"'%(A,S,A-S,(lat-lat2)*3600,(lon-lon2)*3600))
